// Loosens one privacy rule of the running server, as a superuser through
// the collections API. Only for checking the suite: every privacy test must
// fail against at least one of these (docs/development.md, "End-to-end tests").
//
//   node lib/loosen.mjs <name>      (run.sh does it when E2E_LOOSEN is set)
import { closeClients, superuser } from "./client.mjs";

const signedIn = `@request.auth.id != ""`;
const ownerOrFriend = `user = @request.auth.id || user.friendships_via_user.friend ?= @request.auth.id`;
// the audience rule with "everyone" records ("*" in the audience) open to
// every signed-in user, blocks ignored
const audienceIgnoringBlocks = `@request.auth.collectionName = "users" && (audience ~ @request.auth.id || audience ~ "*")`;

const looseners = {
  // any signed-in user sees every todo
  todos: rules("todos", signedIn),
  // anyone, signed in or not, sees every todo
  "todos-public": rules("todos", ""),
  // friends see todos under private goals too
  "todos-private-goal": rules("todos", ownerOrFriend),
  // any signed-in user sees every diary
  diaries: rules("diaries", signedIn),
  // anyone, signed in or not, sees every diary
  "diaries-public": rules("diaries", ""),
  // friends see private diaries too
  "diaries-private": rules("diaries", ownerOrFriend),
  // friends see private goals too
  "goals-private": rules("goals", ownerOrFriend),
  // any signed-in user sees every like
  likes: rules("likes", signedIn),
  // anyone, signed in or not, sees the follow graph
  follows: rules("follows", ""),
  // a blocked user sees, lists and finds the blocker like anybody
  "users-blocked": rules("users", signedIn),
  // a blocked user sees the blocker's follows, either side
  "follows-blocked": rules("follows", signedIn),
  // "everyone" todos and diaries reach users in a block with their owner
  "everyone-blocked": async (pb) => {
    await rules("todos", audienceIgnoringBlocks)(pb);
    await rules("diaries", audienceIgnoringBlocks)(pb);
  },
  // any signed-in user sees every block
  blocks: rules("blocks", signedIn),
  // any signed-in user sees every notification
  notifications: rules("notifications", signedIn),
  // any signed-in user sees every routine
  routines: rules("routines", signedIn),
  // any signed-in user sees every alarm
  alarms: rules("alarms", signedIn),
  // todo proof photos are served without a file token
  proof: unprotect("todos", "proof"),
  // diary photos are served without a file token
  photos: unprotect("diaries", "photos"),
  // avatars are served without a file token
  avatar: unprotect("users", "avatar"),
};

function rules(collection, rule) {
  return (pb) => pb.collections.update(collection, { listRule: rule, viewRule: rule });
}

// unprotect makes a protected file field public.
function unprotect(collection, field) {
  return async (pb) => {
    const { fields } = await pb.collections.getOne(collection);
    await pb.collections.update(collection, {
      fields: fields.map((f) => (f.name === field ? { ...f, protected: false } : f)),
    });
  };
}

const name = process.argv[2];
if (!(name in looseners)) {
  console.error(`unknown loosening ${JSON.stringify(name)}; one of: ${Object.keys(looseners).join(", ")}`);
  process.exit(2);
}

await looseners[name](await superuser());
await closeClients();
console.error(`loosened: ${name}`);

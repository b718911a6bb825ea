// Blocks: while x blocks y, each is invisible to the other as if the
// other's things did not exist; the blocker still sees the blocked user's
// profile, to unblock. A block ends the follows both ways, stops new
// follows and likes between the two, hides the blocker from the blocked
// user everywhere (users, follows, calendar), and only the blocker sees
// and deletes it. dave, a stranger to both, is the control: he keeps
// seeing what the block hides.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import test from "node:test";

import { ClientResponseError } from "pocketbase";

import { serverURL, status, superuser } from "./lib/client.mjs";
import { expectEvents, subscribeAll, subscribersOf } from "./lib/realtime.mjs";
import { useServer } from "./lib/suite.mjs";
import { block, community, follow, todo } from "./lib/users.mjs";

useServer();

const day = "2026-11-24";

// randomId is an id of PocketBase's default shape (15 of [a-z0-9]) that no
// record has
function randomId() {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(15)].map((b) => alphabet[b % alphabet.length]).join("");
}

// answer returns what a request answered: { status, body } with the SDK
// error's body, or { status: 200 } when it succeeded.
async function answer(promise) {
  try {
    await promise;
    return { status: 200 };
  } catch (err) {
    assert.ok(err instanceof ClientResponseError, String(err));
    return { status: err.status, body: err.response };
  }
}

// raw sends method to path as user with fetch, no SDK, and returns the
// status (the SDK answers a 204 and a 200 alike)
async function raw(method, path, user) {
  const response = await fetch(new URL(path, serverURL), {
    method,
    headers: { Authorization: user.pb.authStore.token },
  });
  await response.arrayBuffer();
  return response.status;
}

// friendsOf is the ids in user's /api/todomate/friends
async function friendsOf(user) {
  return (await user.pb.send("/api/todomate/friends")).items.map((u) => u.id);
}

// followsBetween lists, as a superuser, the follows between a and b either way
async function followsBetween(a, b) {
  const pb = await superuser();
  return pb.collection("follows").getFullList({
    filter: `(follower = "${a.id}" && following = "${b.id}") || (follower = "${b.id}" && following = "${a.id}")`,
  });
}

// everyoneThings gives user a goal, a todo under it and a diary, all
// "everyone"
async function everyoneThings(user) {
  const goal = await user.pb.collection("goals").create({ title: `${user.name}'s open goal`, visibility: "everyone" });
  const task = await todo(user, { goal: goal.id, contents: `${user.name}'s open todo` });
  const diary = await user.pb
    .collection("diaries")
    .create({ date: day, emoji: "🌊", content: `${user.name}'s open day`, visibility: "everyone" });
  return { goal, task, diary };
}

// sight is what viewer sees of owner's things (an object of labelled
// records, each { collection, id }): per label, [listed, counted, viewed]
// with viewed a status
async function sight(viewer, owner, things) {
  const seen = {};
  for (const [label, { collection, id }] of Object.entries(things)) {
    const filter = `user = "${owner.id}"`;
    const listed = (await viewer.pb.collection(collection).getFullList({ filter })).some((r) => r.id === id);
    const counted = (await viewer.pb.collection(collection).getList(1, 1, { filter: `${filter} && id = "${id}"` }))
      .totalItems;
    const viewed = await status(viewer.pb.collection(collection).getOne(id));
    seen[label] = [listed, counted, viewed];
  }
  return seen;
}

function all(things, value) {
  return Object.fromEntries(Object.keys(things).map((label) => [label, value]));
}
const visible = [true, 1, 200];
const hidden = [false, 0, 404];

test("a block deletes the follows both ways in the same request: no longer friends", async () => {
  const { alice, bob, carol, follows } = await community();
  assert.deepEqual(await friendsOf(alice), [bob.id]);

  const made = await block(bob, alice);
  assert.deepEqual([made.blocker, made.blocked], [bob.id, alice.id], "the block as created");

  assert.deepEqual(await followsBetween(alice, bob), [], "no follow between alice and bob");
  const pb = await superuser();
  assert.equal(await status(pb.collection("follows").getOne(follows.aliceBob.id)), 404, "aliceBob");
  assert.equal(await status(pb.collection("follows").getOne(follows.bobAlice.id)), 404, "bobAlice");
  assert.equal(await status(pb.collection("follows").getOne(follows.carolAlice.id)), 200, "carolAlice stays");
  assert.deepEqual(await friendsOf(alice), [], "alice's friends");
  assert.deepEqual(await friendsOf(bob), [], "bob's friends");

  // a one-way follow goes as well, whoever blocks
  await block(alice, carol);
  assert.deepEqual(await followsBetween(alice, carol), [], "no follow between alice and carol");
});

test("while a block stands neither can follow the other: 400, nothing created", async () => {
  const { alice, bob, dave } = await community();
  await block(bob, alice);

  assert.equal(await status(follow(alice, bob)), 400, "the blocked follows the blocker");
  assert.equal(await status(follow(bob, alice)), 400, "the blocker follows the blocked");
  assert.deepEqual(await followsBetween(alice, bob), [], "no follow created");

  await follow(dave, bob);
  await follow(alice, dave);
  assert.equal((await followsBetween(dave, bob)).length, 1, "others still follow the blocker");
  assert.equal((await followsBetween(alice, dave)).length, 1, "the blocked still follows others");
});

test("while a block stands neither can like the other's things, as if they did not exist", async () => {
  const { alice, bob, dave } = await community();
  const alices = await everyoneThings(alice);
  const bobs = await everyoneThings(bob);
  await block(bob, alice);

  const cases = [
    [alice, "todo", bobs.task.id],
    [alice, "diary", bobs.diary.id],
    [bob, "todo", alices.task.id],
    [bob, "diary", alices.diary.id],
  ];
  for (const [liker, field, id] of cases) {
    const blockedAnswer = await answer(liker.pb.collection("likes").create({ [field]: id }));
    const missingAnswer = await answer(liker.pb.collection("likes").create({ [field]: randomId() }));
    assert.equal(blockedAnswer.status, 404, `${liker.name} likes a ${field}: ${JSON.stringify(blockedAnswer)}`);
    assert.deepEqual(blockedAnswer, missingAnswer, `${liker.name} likes a ${field}: as a ${field} that does not exist`);
  }

  const pb = await superuser();
  const likes = await pb
    .collection("likes")
    .getFullList({ filter: `user = "${alice.id}" || user = "${bob.id}"` });
  assert.deepEqual(likes, [], "no like created");

  // dave, blocked by nobody, likes both
  await dave.pb.collection("likes").create({ todo: alices.task.id });
  await dave.pb.collection("likes").create({ todo: bobs.task.id });
});

for (const [blocker, blocked] of [
  ["alice", "carol"],
  ["carol", "alice"],
]) {
  test(`${blocker} blocks ${blocked}: carol sees none of alice's "everyone" goals, todos, diaries and likes; dave all`, async () => {
    const w = await community();
    const { alice, carol, dave } = w;
    const own = await everyoneThings(alice);
    const davesOpen = await dave.pb.collection("goals").create({ title: "dave's open goal", visibility: "everyone" });
    const davesOpenTask = await todo(dave, { goal: davesOpen.id, contents: "dave's open todo" });
    const like = await alice.pb.collection("likes").create({ todo: davesOpenTask.id });

    const things = {
      goal: { collection: "goals", id: own.goal.id },
      todo: { collection: "todos", id: own.task.id },
      diary: { collection: "diaries", id: own.diary.id },
      like: { collection: "likes", id: like.id },
    };
    assert.deepEqual(await sight(carol, alice, things), all(things, visible), "carol, before the block");

    await block(w[blocker], w[blocked]);

    assert.deepEqual(await sight(carol, alice, things), all(things, hidden), "carol, after the block");
    assert.deepEqual(await sight(dave, alice, things), all(things, visible), "dave, after the block");

    // and what alice sees of carol's: nothing either
    const carols = await everyoneThings(carol);
    const carolsThings = {
      goal: { collection: "goals", id: carols.goal.id },
      todo: { collection: "todos", id: carols.task.id },
      diary: { collection: "diaries", id: carols.diary.id },
    };
    assert.deepEqual(await sight(alice, carol, carolsThings), all(carolsThings, hidden), "alice sees carol's");
    assert.deepEqual(await sight(dave, carol, carolsThings), all(carolsThings, visible), "dave sees carol's");

    // the blocker still views the blocked user's profile; no back-relation
    // of it expands to the blocked user's things
    const viewer = w[blocker];
    const other = w[blocked];
    const profile = await viewer.pb
      .collection("users")
      .getOne(other.id, { expand: "goals_via_user,todos_via_user,diaries_via_user" });
    assert.deepEqual(profile.expand ?? {}, {}, `${blocker} expands ${blocked}'s profile: nothing`);
  });
}

test("the blocked user cannot list, view or find the blocker, nor any follow of the blocker's; the blocker sees them", async () => {
  const { alice, bob, carol, dave } = await community();
  await follow(dave, alice);
  await block(alice, carol);

  const users = (user) => user.pb.collection("users");
  assert.equal(await status(users(carol).getOne(alice.id)), 404, "carol views alice");
  assert.deepEqual(
    await users(carol).getFullList({ filter: `username ~ "${alice.username}"` }),
    [],
    "carol searches alice's username",
  );
  assert.equal(
    (await users(carol).getList(1, 1, { filter: `id = "${alice.id}"` })).totalItems,
    0,
    "carol counts alice",
  );
  assert.deepEqual(
    (await users(dave).getFullList({ filter: `username ~ "${alice.username}"` })).map((u) => u.id),
    [alice.id],
    "dave finds alice",
  );
  assert.equal(await status(users(alice).getOne(carol.id)), 200, "alice, the blocker, views carol");
  assert.equal(await status(users(carol).getOne(bob.id)), 200, "carol views bob");

  const alicesFollows = (user) =>
    user.pb.collection("follows").getFullList({ filter: `follower = "${alice.id}" || following = "${alice.id}"` });
  assert.deepEqual(await alicesFollows(carol), [], "carol lists alice's follows");
  assert.equal((await alicesFollows(dave)).length, 3, "dave lists alice's follows: aliceBob, bobAlice, daveAlice");
  const bobsFollowers = await carol.pb.collection("follows").getFullList({ filter: `following = "${bob.id}"` });
  assert.deepEqual(bobsFollowers, [], "carol lists bob's followers: alice's follow of bob left out");
  const bobsFollowersToDave = await dave.pb.collection("follows").getFullList({ filter: `following = "${bob.id}"` });
  assert.equal(bobsFollowersToDave.length, 1, "dave lists bob's followers: alice");

  const month = (user) => user.pb.send(`/api/todomate/users/${alice.id}/calendar`, { query: { month: "2026-11" } });
  assert.equal(await status(month(carol)), 404, "alice's calendar to carol");
  assert.equal(await status(month(dave)), 200, "alice's calendar to dave");
});

test("only the blocker sees a block, and only the blocker deletes it", async () => {
  const { alice, carol, dave } = await community();
  const made = await block(alice, carol);
  const blocks = (user) => user.pb.collection("blocks");

  assert.deepEqual((await blocks(alice).getFullList()).map((b) => b.id), [made.id], "alice lists her block");
  assert.deepEqual(await blocks(carol).getFullList(), [], "carol lists blocks");
  assert.deepEqual(await blocks(dave).getFullList(), [], "dave lists blocks");
  assert.equal(await status(blocks(carol).getOne(made.id)), 404, "carol views the block");
  assert.equal(await status(blocks(dave).getOne(made.id)), 404, "dave views the block");
  assert.equal(
    (await blocks(carol).getList(1, 1, { filter: `blocker = "${alice.id}"` })).totalItems,
    0,
    "carol counts alice's blocks",
  );

  const path = `/api/collections/blocks/records/${made.id}`;
  assert.equal(await raw("DELETE", path, carol), 404, "carol deletes the block");
  assert.equal(await raw("DELETE", path, dave), 404, "dave deletes the block");
  assert.notEqual(await status(blocks(alice).update(made.id, { blocked: dave.id })), 200, "alice changes the block");
  const still = await blocks(alice).getOne(made.id);
  assert.deepEqual([still.blocker, still.blocked], [alice.id, carol.id], "the block unchanged");

  assert.equal(await raw("DELETE", path, alice), 204, "alice deletes the block");
  assert.deepEqual(await blocks(alice).getFullList(), [], "alice's blocks after the delete");
});

test("a block of oneself, of someone already blocked, or with another blocker is a 400, and nothing is created", async () => {
  const { alice, carol, dave } = await community();
  const blocks = (user) => user.pb.collection("blocks");

  assert.equal(await status(block(alice, alice)), 400, "alice blocks herself");
  const made = await block(alice, carol);
  assert.equal(await status(block(alice, carol)), 400, "alice blocks carol again");
  assert.equal(
    await status(blocks(dave).create({ blocker: alice.id, blocked: carol.id })),
    400,
    "dave makes a block with alice as the blocker",
  );
  assert.equal(
    await status(blocks(dave).create({ blocker: carol.id, blocked: alice.id })),
    400,
    "dave makes a block with carol as the blocker",
  );

  assert.deepEqual((await blocks(alice).getFullList()).map((b) => b.id), [made.id], "alice's blocks");
  const pb = await superuser();
  const others = await pb.collection("blocks").getFullList({
    filter: `blocker = "${carol.id}" || blocker = "${dave.id}" || blocked = "${dave.id}" || blocked = "${alice.id}"`,
  });
  assert.deepEqual(others, [], "no other block created");
});

test("after an unblock the profiles and everyone things are back, the follows are not, and following works again", async () => {
  const { alice, bob } = await community();
  const alices = await everyoneThings(alice);
  const bobs = await everyoneThings(bob);
  const made = await block(bob, alice);
  assert.equal(await status(alice.pb.collection("users").getOne(bob.id)), 404, "blocked: alice views bob");

  await bob.pb.collection("blocks").delete(made.id);

  assert.equal(await status(alice.pb.collection("users").getOne(bob.id)), 200, "alice views bob");
  assert.equal(await status(bob.pb.collection("users").getOne(alice.id)), 200, "bob views alice");
  for (const [viewer, things] of [
    [bob, alices],
    [alice, bobs],
  ]) {
    assert.equal(await status(viewer.pb.collection("goals").getOne(things.goal.id)), 200, `${viewer.name}: goal`);
    assert.equal(await status(viewer.pb.collection("todos").getOne(things.task.id)), 200, `${viewer.name}: todo`);
    assert.equal(await status(viewer.pb.collection("diaries").getOne(things.diary.id)), 200, `${viewer.name}: diary`);
  }
  assert.deepEqual(await followsBetween(alice, bob), [], "the follows are not restored");
  assert.deepEqual(await friendsOf(alice), [], "alice's friends");

  await follow(alice, bob);
  await follow(bob, alice);
  assert.deepEqual(await friendsOf(alice), [bob.id], "friends again");
  assert.deepEqual(await friendsOf(bob), [alice.id], "friends again");
  await bob.pb.collection("likes").create({ todo: alices.task.id });
});

// detail of a realtime event's record: what it says, or, for a delete on
// lost sight, the names of its keys
function said(record) {
  return record.contents ?? record.content ?? record.title ?? `{${Object.keys(record).sort()}}`;
}
const lost = "{collectionId,collectionName,id}";

test("realtime: the blocked user gets a delete for each of the blocker's things they saw, and no event after; dave still does", async () => {
  const w = await community();
  const { alice } = w;
  const open = await alice.pb.collection("goals").create({ title: "open", visibility: "everyone" });
  const openTask = await todo(alice, { goal: open.id, contents: "open" });
  const plainTask = await todo(alice, { contents: "plain" });
  const secret = await alice.pb.collection("goals").create({ title: "secret", visibility: "me" });
  const secretTask = await todo(alice, { goal: secret.id, contents: "secret" });
  const diary = await alice.pb.collection("diaries").create({ date: day, emoji: "🌊", content: "open", visibility: "everyone" });

  const subscribers = await subscribersOf(w);
  await subscribeAll(subscribers, ["todos", "*"], ["goals", "*"], ["diaries", "*"]);

  await block(alice, w.bob);
  await alice.pb.collection("todos").update(openTask.id, { contents: "after" });
  await alice.pb.collection("diaries").update(diary.id, { content: "after" });
  await alice.pb.collection("todos").update(plainTask.id, { contents: "after plain" });

  const labels = {
    [open.id]: "open",
    [openTask.id]: "openTask",
    [plainTask.id]: "plainTask",
    [secret.id]: "secret",
    [secretTask.id]: "secretTask",
    [diary.id]: "diary",
  };
  const stranger = ["todos/* update openTask after", "diaries/* update diary after"];
  await expectEvents(
    subscribers,
    labels,
    {
      alice: [...stranger, "todos/* update plainTask after plain"],
      bob: [
        `goals/* delete open ${lost}`,
        `todos/* delete openTask ${lost}`,
        `todos/* delete plainTask ${lost}`,
        `diaries/* delete diary ${lost}`,
      ],
      carol: stranger,
      dave: stranger,
      guest: [],
    },
    { detail: said },
  );
});

test("realtime: the blocker gets a delete for the blocked user's things, and no event of them after; dave still does", async () => {
  const w = await community();
  const { alice, bob } = w;
  const open = await bob.pb.collection("goals").create({ title: "open", visibility: "everyone" });
  const openTask = await todo(bob, { goal: open.id, contents: "open" });

  const subscribers = await subscribersOf(w);
  await subscribeAll(subscribers, ["todos", "*"], ["goals", "*"]);

  await block(alice, bob);
  await bob.pb.collection("todos").update(openTask.id, { contents: "after" });
  await bob.pb.collection("goals").update(open.id, { title: "after" });

  const labels = { [open.id]: "open", [openTask.id]: "openTask" };
  const everyone = ["todos/* update openTask after", "goals/* update open after"];
  await expectEvents(
    subscribers,
    labels,
    {
      alice: [`goals/* delete open ${lost}`, `todos/* delete openTask ${lost}`],
      bob: everyone,
      carol: everyone,
      dave: everyone,
      guest: [],
    },
    { detail: said },
  );
});

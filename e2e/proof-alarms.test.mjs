// A todo's proof photo and its alarm through the SDK (issue 17). The proof
// is protected as diary photos are: whoever sees the todo gets it with a
// file token of their own, nobody else, nobody without one. An alarm is its
// owner's alone at every door, realtime included, even for the friend who
// sees its todo.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";

import { status } from "./lib/client.mjs";
import { download } from "./lib/files.mjs";
import { file, png } from "./lib/images.mjs";
import { expectEvents, subscribeAll, subscribersOf } from "./lib/realtime.mjs";
import { useServer } from "./lib/suite.mjs";
import { community } from "./lib/users.mjs";

useServer();

const day = "2026-11-24";
const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe("proof photos", () => {
  let world;
  let photo;
  let shared;
  let hidden;
  const tokens = {};

  before(async () => {
    world = await community();
    const { alice } = world;
    photo = png(320, 240);
    const secret = await alice.pb.collection("goals").create({ title: "secret", visibility: "me" });
    shared = await alice.pb.collection("todos").create({ contents: "ran 5k", date: day, proof: file(photo, "run.png") });
    hidden = await alice.pb.collection("todos").create({
      contents: "secret errand", date: day, goal: secret.id, proof: file(photo, "errand.png"),
    });
    for (const name of ["alice", "bob", "carol", "dave"]) {
      tokens[name] = await world[name].pb.files.getToken();
    }
  });

  const urlOf = (todo, token) => world.alice.pb.files.getURL(todo, todo.proof, token ? { token } : {});

  async function assertServed(todo, token) {
    const answer = await download(urlOf(todo, token));
    assert.equal(answer.status, 200);
    assert.ok(answer.bytes.equals(photo), "the proof comes back unchanged");
  }

  async function assertRefused(todo, token, what) {
    const answer = await download(urlOf(todo, token));
    assert.equal(answer.status, 404, `${what}: status`);
    assert.ok(!answer.bytes.subarray(0, 4).equals(pngSignature), `${what}: no image in the answer`);
  }

  test("the todo names its proof; the owner and her friend get it with their tokens", async () => {
    assert.match(shared.proof, /^run_\w+\.png$/);
    await assertServed(shared, tokens.alice);
    await assertServed(shared, tokens.bob);
    const feed = await world.bob.pb.send("/api/todomate/feed", { query: { date: day } });
    const todos = feed.items.find((i) => i.user.id === world.alice.id).todos;
    assert.deepEqual(todos.map((t) => [t.contents, t.proof]), [["ran 5k", shared.proof]], "the feed names it");
  });

  test("a follower and a stranger get no proof with their tokens, nobody without one", async () => {
    await assertRefused(shared, tokens.carol, "carol");
    await assertRefused(shared, tokens.dave, "dave");
    await assertRefused(shared, null, "no token");
    await assertRefused(shared, world.bob.pb.authStore.token, "an auth token in place of a file token");
  });

  test("a proof under a me goal is refused to the friend, at the file and in the feed", async () => {
    await assertServed(hidden, tokens.alice);
    await assertRefused(hidden, tokens.bob, "bob");
    const feed = await world.bob.pb.send("/api/todomate/feed", { query: { date: day } });
    assert.equal(JSON.stringify(feed).includes(hidden.proof), false);
  });

  test("a proof that is not an image is a 400 on proof and nothing is stored", async () => {
    const { alice } = world;
    const err = await alice.pb.collection("todos")
      .create({ contents: "not a photo", date: day, proof: file(Buffer.from("just text\n"), "note.png") })
      .catch((e) => e);
    assert.equal(err.status, 400);
    assert.equal(err.response.data?.proof?.code, "validation_invalid_mime_type");
    const list = await alice.pb.collection("todos").getList(1, 1, { filter: `contents = "not a photo"` });
    assert.equal(list.totalItems, 0);
  });

  test("two photos as one proof are a 400 on proof, where PocketBase alone would keep the last", async () => {
    const { alice } = world;
    const err = await alice.pb.collection("todos")
      .create({ contents: "two photos", date: day, proof: [file(photo, "one.png"), file(photo, "two.png")] })
      .catch((e) => e);
    assert.equal(err.status, 400);
    assert.equal(err.response.data?.proof?.code, "validation_too_many_files");
    const list = await alice.pb.collection("todos").getList(1, 1, { filter: `contents = "two photos"` });
    assert.equal(list.totalItems, 0);
  });
});

describe("alarms", () => {
  test("an alarm is seen by its owner alone, at every door and live", async () => {
    const people = await community();
    const { alice, bob, carol, dave } = people;
    const todo = await alice.pb.collection("todos").create({ contents: "wake up", date: day });
    const subscribers = await subscribersOf(people);
    await subscribeAll(subscribers, ["alarms", "*"]);

    const alarm = await alice.pb.collection("alarms").create({ todo: todo.id, time: "07:00" });
    assert.equal(alarm.user, alice.id);
    assert.equal((await alice.pb.collection("alarms").getOne(alarm.id)).time, "07:00");

    assert.equal((await bob.pb.collection("todos").getOne(todo.id)).contents, "wake up", "bob sees the todo");
    for (const other of [bob, carol, dave]) {
      assert.deepEqual((await other.pb.collection("alarms").getList(1, 10)).items, [], `${other.name} lists no alarm`);
      assert.equal(await status(other.pb.collection("alarms").getOne(alarm.id)), 404, `${other.name} views no alarm`);
    }
    const expanded = await bob.pb.collection("todos").getFullList({ filter: `id = "${todo.id}"`, expand: "alarms_via_todo" });
    assert.equal(expanded.length, 1);
    assert.equal(expanded[0].expand?.alarms_via_todo, undefined, "bob expands no alarm");
    const filtered = await bob.pb.collection("todos").getList(1, 10, { filter: `alarms_via_todo.time = "07:00"` }).catch((e) => e);
    assert.equal(filtered.status, 400, "bob cannot filter by an alarm");
    assert.equal(filtered.response.data?.filter?.code, "validation_private_relation");

    await expectEvents(subscribers, { [alarm.id]: "alarm" }, {
      alice: ["alarms/* create alarm"],
      bob: [],
      carol: [],
      dave: [],
    });
  });

  test("an alarm is on one's own todo, one per todo, at a time of day", async () => {
    const { alice, bob } = await community();
    const mine = await alice.pb.collection("todos").create({ contents: "stretch", date: day });
    const reject = async (promise, field, code) => {
      const err = await promise.catch((e) => e);
      assert.equal(err.status, 400, JSON.stringify(err.response));
      assert.equal(err.response.data?.[field]?.code, code, JSON.stringify(err.response));
    };

    // bob sees alice's todo, and is answered as for one that does not exist
    await reject(bob.pb.collection("alarms").create({ todo: mine.id, time: "07:00" }), "todo", "validation_missing_rel_records");
    await reject(bob.pb.collection("alarms").create({ todo: "todonothere0000", time: "07:00" }), "todo", "validation_missing_rel_records");
    for (const time of ["7:00", "24:00", "12:60", "noon"]) {
      await reject(alice.pb.collection("alarms").create({ todo: mine.id, time }), "time", "validation_invalid_time");
    }
    const alarm = await alice.pb.collection("alarms").create({ todo: mine.id, time: "23:59" });
    await reject(alice.pb.collection("alarms").create({ todo: mine.id, time: "06:00" }), "todo", "validation_not_unique");
    assert.equal((await alice.pb.collection("alarms").update(alarm.id, { time: "06:00" })).time, "06:00");
    assert.equal(await status(bob.pb.collection("alarms").update(alarm.id, { time: "05:00" })), 404);

    await alice.pb.collection("todos").delete(mine.id);
    assert.equal(await status(alice.pb.collection("alarms").getOne(alarm.id)), 404, "gone with its todo");
  });
});

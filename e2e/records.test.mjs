// The records API through the SDK, as an app lists and opens records: who
// sees alice's goals, todos and diaries, that a follow or an unfollow
// changes it at once, and that the hidden audience behind the rules is no
// door (docs/architecture.md, "Audiences").
import assert from "node:assert/strict";
import test from "node:test";

import { newClient, status } from "./lib/client.mjs";
import { useServer } from "./lib/suite.mjs";
import { community, follow, todo } from "./lib/users.mjs";

useServer();

// ids of alice's records of collection that user lists
async function listed(user, collection, alice) {
  const items = await user.pb.collection(collection).getFullList({ filter: `user = "${alice.id}"`, sort: "created" });
  return items.map((r) => r.id).sort();
}

test("alice's goals, todos and diaries: all to her, the public ones to a friend, none to anybody else", async () => {
  const { alice, bob, carol, dave } = await community();
  const goals = alice.pb.collection("goals");
  const work = await goals.create({ title: "work" });
  const secret = await goals.create({ title: "secret", private: true });
  const plain = await todo(alice);
  const working = await todo(alice, { goal: work.id });
  const hidden = await todo(alice, { goal: secret.id });
  const diaries = alice.pb.collection("diaries");
  const open = await diaries.create({ date: "2026-11-24", emoji: "🔥" });
  const closed = await diaries.create({ date: "2026-11-23", emoji: "🤫", private: true });
  const guest = { pb: newClient() };

  const all = {
    goals: [work.id, secret.id].sort(),
    todos: [plain.id, working.id, hidden.id].sort(),
    diaries: [open.id, closed.id].sort(),
  };
  const shared = {
    goals: [work.id],
    todos: [plain.id, working.id].sort(),
    diaries: [open.id],
  };
  for (const collection of ["goals", "todos", "diaries"]) {
    assert.deepEqual(await listed(alice, collection, alice), all[collection], `alice's ${collection}`);
    assert.deepEqual(await listed(bob, collection, alice), shared[collection], `bob's view of ${collection}`);
    assert.deepEqual(await listed(carol, collection, alice), [], `carol's view of ${collection}`);
    assert.deepEqual(await listed(dave, collection, alice), [], `dave's view of ${collection}`);
    assert.deepEqual(await listed(guest, collection, alice), [], `a guest's view of ${collection}`);
  }

  assert.equal(await status(bob.pb.collection("todos").getOne(hidden.id)), 404);
  assert.equal(await status(bob.pb.collection("diaries").getOne(closed.id)), 404);
  assert.equal(await status(bob.pb.collection("goals").getOne(secret.id)), 404);
  assert.equal(await status(carol.pb.collection("todos").getOne(plain.id)), 404);
  assert.equal((await bob.pb.collection("todos").getOne(working.id, { expand: "goal" })).expand.goal.title, "work");
});

test("a follow back opens alice's records to the new friend at once; an unfollow closes them", async () => {
  const { alice, bob, carol, follows } = await community();
  const plain = await todo(alice);

  assert.deepEqual(await listed(carol, "todos", alice), []);
  const back = await follow(alice, carol);
  assert.deepEqual(await listed(carol, "todos", alice), [plain.id], "carol is a friend now");

  await bob.pb.collection("follows").delete(follows.bobAlice.id);
  assert.deepEqual(await listed(bob, "todos", alice), [], "bob unfollowed alice");
  await alice.pb.collection("follows").delete(back.id);
  assert.deepEqual(await listed(carol, "todos", alice), [], "alice removed carol");
});

test("the audience is no door: not in any record, not a filter, not something a client sets", async () => {
  const { alice, bob, dave } = await community();
  const secret = await alice.pb.collection("goals").create({ title: "secret", private: true });
  const sent = await todo(alice, { goal: secret.id, audience: `${bob.id},${dave.id}` });
  const plain = await todo(alice, { audience: dave.id });

  assert.equal("audience" in sent, false, "a created record has no audience");
  for (const item of await alice.pb.collection("todos").getFullList()) {
    assert.equal("audience" in item, false, "a listed record has no audience");
  }
  assert.deepEqual(await listed(bob, "todos", alice), [plain.id], "bob: the plain todo only");
  assert.deepEqual(await listed(dave, "todos", alice), [], "dave: nothing, whatever alice sent");

  for (const filter of [`audience ~ "${dave.id}"`, `audience != ""`]) {
    assert.equal(await status(dave.pb.collection("todos").getList(1, 10, { filter })), 400, filter);
  }
  assert.equal(await status(dave.pb.collection("todos").getList(1, 10, { sort: "audience" })), 400);
});

// Notifications through the SDK: a cheer, a follow and a follow back reach
// their recipient (in the list, with the unread count, and live), nobody
// else sees them, and the recipient may only mark them read or delete them.
import assert from "node:assert/strict";
import test from "node:test";

import { expectEvents, subscribeAll, subscribersOf } from "./lib/realtime.mjs";
import { useServer } from "./lib/suite.mjs";
import { community, follow, signUp, todo } from "./lib/users.mjs";

useServer();

const unread = async (user) =>
  (await user.pb.collection("notifications").getList(1, 1, { filter: "read = false" })).totalItems;

test("notifications: a cheer reaches the cheered with who, which emoji and on what, live; nobody else sees it", async () => {
  const world = await community();
  const { alice, bob } = world;
  const aliceTodo = await todo(alice);

  const subscribers = await subscribersOf(world);
  await subscribeAll(subscribers, ["notifications", "*"]);

  const before = await unread(alice);
  const like = await bob.pb.collection("likes").create({ todo: aliceTodo.id, emoji: "🔥" });

  // it exists when the cheer's request has returned
  const [cheer] = (
    await alice.pb.collection("notifications").getFullList({ filter: `kind = "cheer"`, expand: "actor,todo" })
  ).filter((n) => n.todo === aliceTodo.id);
  assert.ok(cheer, "alice has a cheer notification for her todo");
  assert.equal(cheer.emoji, "🔥");
  assert.equal(cheer.expand.actor.id, bob.id);
  assert.equal(cheer.expand.todo.id, aliceTodo.id);
  assert.equal(await unread(alice), before + 1);

  for (const other of [world.bob, world.carol, world.dave]) {
    const theirs = await other.pb.collection("notifications").getFullList();
    assert.ok(theirs.every((n) => n.user === other.id), `${other.name} lists only their own`);
    await assert.rejects(other.pb.collection("notifications").getOne(cheer.id), { status: 404 });
  }

  await bob.pb.collection("likes").delete(like.id);
  await assert.rejects(alice.pb.collection("notifications").getOne(cheer.id), { status: 404 });

  await expectEvents(subscribers, { [cheer.id]: "cheer" }, {
    alice: ["notifications/* create cheer", "notifications/* delete cheer"],
    bob: [],
    carol: [],
    dave: [],
    guest: [],
  });
});

test("notifications: a follow, then a follow back: one new follower, then one new friend, and nothing more", async () => {
  const [ann, ben] = await Promise.all([signUp("ann"), signUp("ben")]);
  await follow(ann, ben);
  const bens = await ben.pb.collection("notifications").getFullList();
  assert.deepEqual(bens.map((n) => [n.kind, n.actor]), [["follow", ann.id]]);

  await follow(ben, ann);
  const anns = await ann.pb.collection("notifications").getFullList();
  assert.deepEqual(anns.map((n) => [n.kind, n.actor]), [["friend", ben.id]]);
  assert.equal((await ben.pb.collection("notifications").getFullList()).length, 1, "ben gets nothing new");
});

test("notifications: the unread count stays right under concurrent cheers, and the recipient only marks them read", async () => {
  const owner = await signUp("owner");
  const cheerers = await Promise.all(Array.from({ length: 8 }, (_, i) => signUp(`cheerer${i}`)));
  const ownerTodo = await todo(owner);
  await Promise.all(cheerers.map((c) => follow(owner, c)));
  await Promise.all(cheerers.map((c) => follow(c, owner)));
  const baseline = await unread(owner);

  await Promise.all(cheerers.map((c, i) => c.pb.collection("likes").create({ todo: ownerTodo.id, emoji: i % 2 ? "🎉" : "💪" })));
  assert.equal(await unread(owner), baseline + cheerers.length);

  const [first] = await owner.pb.collection("notifications").getFullList({ filter: `kind = "cheer"` });
  await owner.pb.collection("notifications").update(first.id, { read: true });
  assert.equal(await unread(owner), baseline + cheerers.length - 1);

  await assert.rejects(owner.pb.collection("notifications").update(first.id, { emoji: "💩" }), (err) => {
    assert.equal(err.status, 400);
    assert.equal(err.response.data.emoji.code, "validation_immutable");
    return true;
  });
  await assert.rejects(owner.pb.collection("notifications").create({ user: owner.id, kind: "follow", actor: cheerers[0].id }), {
    status: 403,
  });
  await assert.rejects(cheerers[0].pb.collection("notifications").update(first.id, { read: false }), { status: 404 });
  await owner.pb.collection("notifications").delete(first.id);
  assert.equal(await unread(owner), baseline + cheerers.length - 1);
});

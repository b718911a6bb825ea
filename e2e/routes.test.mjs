// The custom routes (friends, feed, calendar) through the SDK's send(), as
// an app calls them: what a friend sees of alice, and that every change
// alice or bob makes shows in the very next answer, although the server
// keeps feeds between requests.
import assert from "node:assert/strict";
import test from "node:test";

import { newClient, status } from "./lib/client.mjs";
import { useServer } from "./lib/suite.mjs";
import { community, todo } from "./lib/users.mjs";

useServer();

const day = "2026-11-24";

function feed(user) {
  return user.pb.send("/api/todomate/feed", { query: { date: day } });
}

// alicesDay is alice's part of user's feed of the day, or undefined.
async function alicesDay(user, alice) {
  const answer = await feed(user);
  return answer.items.find((item) => item.user.id === alice.id);
}

test("feed: a friend sees alice's public day, and each change at once", async () => {
  const { alice, bob, carol, dave, follows } = await community();
  const secret = await alice.pb.collection("goals").create({ title: "secret", private: true });
  const open = await todo(alice, { contents: "run 5k" });
  const hidden = await todo(alice, { contents: "secret plan", goal: secret.id });
  await alice.pb.collection("diaries").create({ date: day, emoji: "🔥", content: "good day" });

  let seen = await alicesDay(bob, alice);
  assert.deepEqual(
    seen.todos.map((t) => [t.id, t.contents, t.goal, t.likes, t.liked]),
    [[open.id, "run 5k", null, 0, false]],
  );
  assert.equal(seen.diary.emoji, "🔥");
  assert.equal(JSON.stringify(await feed(bob)).includes(hidden.id), false);

  // neither a one-way follower nor a stranger has alice in their feed
  assert.equal(await alicesDay(carol, alice), undefined);
  assert.equal(await alicesDay(dave, alice), undefined);

  await bob.pb.collection("likes").create({ todo: open.id, emoji: "🔥" });
  seen = await alicesDay(bob, alice);
  assert.deepEqual([seen.todos[0].likes, seen.todos[0].liked], [1, true], "bob's cheer");
  assert.deepEqual(seen.todos[0].reactions, [{ emoji: "🔥", count: 1 }], "bob's cheer, by emoji");
  assert.equal(seen.todos[0].mine, "🔥", "bob's own cheer");
  await alice.pb.collection("likes").create({ todo: open.id, emoji: "🎉" });
  seen = await alicesDay(bob, alice);
  assert.deepEqual(seen.todos[0].reactions, [{ emoji: "🎉", count: 1 }, { emoji: "🔥", count: 1 }], "ties by emoji");
  assert.equal(seen.todos[0].mine, "🔥", "still bob's own");

  await alice.pb.collection("todos").update(open.id, { contents: "run 10k", is_checked: true });
  seen = await alicesDay(bob, alice);
  assert.deepEqual([seen.todos[0].contents, seen.todos[0].is_checked], ["run 10k", true], "alice's edit");

  await alice.pb.collection("goals").update(secret.id, { private: false });
  seen = await alicesDay(bob, alice);
  assert.deepEqual(
    seen.todos.map((t) => [t.id, t.goal?.title ?? null]),
    [[open.id, null], [hidden.id, "secret"]],
    "the goal made public",
  );

  await alice.pb.collection("goals").update(secret.id, { private: true });
  seen = await alicesDay(bob, alice);
  assert.deepEqual(seen.todos.map((t) => t.id), [open.id], "the goal private again");

  await bob.pb.collection("follows").delete(follows.bobAlice.id);
  assert.equal(await alicesDay(bob, alice), undefined, "bob unfollowed alice");
});

test("calendar and friends: others see only what they may; a user who does not exist is a 404", async () => {
  const { alice, bob, carol, dave, follows } = await community();
  const secret = await alice.pb.collection("goals").create({ title: "secret", private: true });
  await todo(alice, { is_checked: true });
  await todo(alice, { goal: secret.id });
  await alice.pb.collection("diaries").create({ date: day, emoji: "🌊" });
  await alice.pb.collection("diaries").create({ date: "2026-11-23", emoji: "🤫", private: true });

  const month = (user) => user.pb.send(`/api/todomate/users/${alice.id}/calendar`, { query: { month: "2026-11" } });

  // (alice's done todo has no goal: it paints nothing)
  assert.deepEqual((await month(alice)).days, [
    { date: "2026-11-23", total: 0, done: 0, emoji: "🤫", colors: [] },
    { date: day, total: 2, done: 1, emoji: "🌊", colors: [] },
  ]);
  assert.deepEqual((await month(bob)).days, [{ date: day, total: 1, done: 1, emoji: "🌊", colors: [] }]);
  // not friends: nothing of alice's is "everyone", so an empty month
  assert.deepEqual(await month(carol), { month: "2026-11", days: [] });
  assert.deepEqual(await month(dave), { month: "2026-11", days: [] });
  const nobody = (user) => user.pb.send(`/api/todomate/users/nobody000000000/calendar`, { query: { month: "2026-11" } });
  assert.equal(await status(nobody(dave)), 404);

  const friends = async (user) => (await user.pb.send("/api/todomate/friends")).items.map((u) => u.id);
  assert.deepEqual(await friends(bob), [alice.id]);
  assert.deepEqual(await friends(carol), []);

  await alice.pb.collection("follows").delete(follows.aliceBob.id);
  assert.deepEqual(await friends(bob), []);
  assert.deepEqual((await month(bob)).days, [], "no longer a friend");

  const guest = newClient();
  assert.equal(await status(guest.send("/api/todomate/feed", {})), 401);
});

// "Do it another day" and "do it again" through the SDK, one request each:
// the todo lands last on its new day (a friend sees the move live), and a
// copy is a new unchecked todo, last too. An ended goal takes no new todo
// until it is reopened.
import assert from "node:assert/strict";
import test from "node:test";

import { expectEvents, subscribeAll, subscribersOf } from "./lib/realtime.mjs";
import { useServer } from "./lib/suite.mjs";
import { community, todo } from "./lib/users.mjs";

useServer();

const today = "2026-11-24";
const tomorrow = "2026-11-25";

const dayOf = (user, date) =>
  user.pb.collection("todos").getFullList({
    filter: user.pb.filter("user = {:u} && date = {:d}", { u: user.id, d: date }),
    sort: "sort,created",
  });

test("another day: a moved todo goes last on its new day, and a friend sees the move live", async () => {
  const people = await community();
  const { alice } = people;
  const first = await todo(alice, { contents: "first", date: tomorrow });
  const second = await todo(alice, { contents: "second", date: tomorrow });
  assert.deepEqual([first.sort, second.sort], [0, 1], "created without a sort: each last");
  const moved = await todo(alice, { contents: "call mum", date: today, sort: 5 });

  const subscribers = await subscribersOf(people);
  await subscribeAll(subscribers, ["todos", "*"]);

  const updated = await alice.pb.collection("todos").update(moved.id, { date: tomorrow });
  assert.equal(updated.date, tomorrow);
  assert.equal(updated.sort, 2, "after alice's two todos of tomorrow");
  assert.deepEqual((await dayOf(alice, tomorrow)).map((t) => t.contents), ["first", "second", "call mum"]);

  const kept = await alice.pb.collection("todos").update(first.id, { date: today, sort: 9 });
  assert.equal(kept.sort, 9, "a sort sent with the move is kept");

  await expectEvents(
    subscribers,
    { [moved.id]: "moved", [first.id]: "first" },
    {
      alice: ["todos/* update first 2026-11-24", "todos/* update moved 2026-11-25"],
      bob: ["todos/* update first 2026-11-24", "todos/* update moved 2026-11-25"],
      carol: [],
      dave: [],
    },
    { detail: (record) => record.date },
  );
});

test("again tomorrow: a copy, last and unchecked; the original stays", async () => {
  const { alice } = await community();
  const goal = await alice.pb.collection("goals").create({ title: "health" });
  await todo(alice, { contents: "already tomorrow", date: tomorrow });
  const done = await todo(alice, { contents: "run", goal: goal.id, date: today });
  await alice.pb.collection("todos").update(done.id, { is_checked: true });

  const copy = await alice.pb.collection("todos").create({ contents: "run", goal: goal.id, date: tomorrow });
  assert.notEqual(copy.id, done.id);
  assert.equal(copy.sort, 1, "after the todo already there");
  assert.equal(copy.is_checked, false);
  assert.equal(copy.goal, goal.id);

  const original = await alice.pb.collection("todos").getOne(done.id);
  assert.equal(original.date, today);
  assert.equal(original.is_checked, true);
});

test("ended goals: no new todo until reopened; the old ones stay and still change", async () => {
  const { alice, bob } = await community();
  const goal = await alice.pb.collection("goals").create({ title: "thesis" });
  const old = await todo(alice, { contents: "write chapter 1", goal: goal.id });

  const ended = await alice.pb.collection("goals").update(goal.id, { ended: true });
  assert.equal(ended.ended, true);

  const refused = await alice.pb.collection("todos").create({ contents: "write chapter 2", goal: goal.id, date: today })
    .then(() => null, (err) => err);
  assert.ok(refused, "a new todo under an ended goal is refused");
  assert.equal(refused.status, 400);
  assert.equal(refused.response.data.goal?.code, "validation_goal_ended");

  const checked = await alice.pb.collection("todos").update(old.id, { is_checked: true, date: tomorrow });
  assert.equal(checked.goal, goal.id, "the old todo stays under it, checked and moved");

  const feed = await bob.pb.send("/api/todomate/feed", { query: { date: tomorrow } });
  assert.ok(JSON.stringify(feed).includes("write chapter 1"), "bob's feed still shows it");
  const month = await bob.pb.send(`/api/todomate/users/${alice.id}/calendar`, { query: { month: "2026-11" } });
  assert.deepEqual(
    month.days.find((day) => day.date === tomorrow),
    { date: tomorrow, total: 1, done: 1, emoji: null, colors: [goal.color] },
    "bob's calendar of alice still counts it, in the ended goal's colour",
  );

  await alice.pb.collection("goals").update(goal.id, { ended: false });
  const again = await alice.pb.collection("todos").create({ contents: "write chapter 2", goal: goal.id, date: today });
  assert.equal(again.goal, goal.id, "a reopened goal takes todos again");
});

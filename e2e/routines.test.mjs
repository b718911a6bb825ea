// Routines through the SDK: a routine's days are todos that every door
// shows under their goal's level (lists, the feed, the calendar, realtime),
// the routine itself is its owner's alone, and "this and later days" change
// or delete its days in one request.
import assert from "node:assert/strict";
import test from "node:test";

import { status } from "./lib/client.mjs";
import { expectEvents, subscribeAll, subscribersOf } from "./lib/realtime.mjs";
import { useServer } from "./lib/suite.mjs";
import { community } from "./lib/users.mjs";

useServer();

// 2026-11-23 is a Monday
const twoWeeks = { weekdays: ["mon", "wed", "fri"], start: "2026-11-23", end: "2026-12-06" };
const twoWeeksDays = ["2026-11-23", "2026-11-25", "2026-11-27", "2026-11-30", "2026-12-02", "2026-12-04"];

const daysOf = (user, routine) =>
  user.pb.collection("todos").getFullList({ filter: user.pb.filter("routine = {:r}", { r: routine.id }), sort: "date" });

const contentsFor = (viewer, owner, contents) =>
  viewer.pb.collection("todos").getFullList({ filter: viewer.pb.filter("user = {:u} && contents = {:c}", { u: owner.id, c: contents }) });

test("routines: the days of a shared routine are todos a friend sees, live; the routine is the owner's alone", async () => {
  const people = await community();
  const { alice, bob, carol, dave } = people;
  const goal = await alice.pb.collection("goals").create({ title: "health", visibility: "friends" });
  const subscribers = await subscribersOf(people);
  await subscribeAll(subscribers, ["todos", "*"], ["routines", "*"]);

  const routine = await alice.pb.collection("routines").create({ contents: "stretch", goal: goal.id, ...twoWeeks });
  assert.equal(routine.user, alice.id);
  const days = await daysOf(alice, routine);
  assert.deepEqual(days.map((d) => d.date), twoWeeksDays);
  assert.ok(days.every((d) => d.contents === "stretch" && d.goal === goal.id && !d.is_checked));

  assert.equal((await contentsFor(bob, alice, "stretch")).length, 6, "bob sees the days");
  for (const other of [carol, dave]) {
    assert.equal((await contentsFor(other, alice, "stretch")).length, 0, `${other.name} sees no day`);
  }
  // the routine itself: alice's alone
  for (const other of [bob, carol, dave]) {
    assert.deepEqual((await other.pb.collection("routines").getList(1, 10)).items, [], `${other.name} lists no routine`);
    assert.equal(await status(other.pb.collection("routines").getOne(routine.id)), 404, `${other.name} views no routine`);
  }
  const expanded = await bob.pb.collection("todos").getOne(days[0].id, { expand: "routine" });
  assert.equal(expanded.expand?.routine, undefined, "bob expands no routine");

  const labels = { routine: "routine", [routine.id]: "routine" };
  days.forEach((d) => { labels[d.id] = d.date; });
  const created = twoWeeksDays.map((d) => `todos/* create ${d}`);
  await expectEvents(subscribers, labels, {
    alice: [...created, "routines/* create routine"],
    bob: created,
    carol: [],
    dave: [],
  });
});

test("routines: under a private goal, no door shows a day to anyone else", async () => {
  const people = await community();
  const { alice, bob, carol, dave } = people;
  const secret = await alice.pb.collection("goals").create({ title: "secret", visibility: "me" });
  const subscribers = await subscribersOf(people);
  await subscribeAll(subscribers, ["todos", "*"]);

  const routine = await alice.pb.collection("routines").create({ contents: "secret routine", goal: secret.id, ...twoWeeks });
  const days = await daysOf(alice, routine);
  assert.equal(days.length, 6);

  for (const other of [bob, carol, dave]) {
    assert.equal((await contentsFor(other, alice, "secret routine")).length, 0, `${other.name}: the list`);
    const feed = await other.pb.send("/api/todomate/feed", { query: { date: "2026-11-23" } });
    assert.equal(JSON.stringify(feed).includes("secret routine"), false, `${other.name}: the feed`);
    const calendar = await other.pb.send(`/api/todomate/users/${alice.id}/calendar`, { query: { month: "2026-11" } });
    assert.deepEqual(calendar.days, [], `${other.name}: the calendar`);
  }
  const labels = Object.fromEntries(days.map((d) => [d.id, d.date]));
  await expectEvents(subscribers, labels, {
    alice: twoWeeksDays.map((d) => `todos/* create ${d}`),
    bob: [],
    carol: [],
    dave: [],
  });
});

test("routines: this and later days, changed and deleted in one request each; the days before stay", async () => {
  const people = await community();
  const { alice, bob } = people;
  const routine = await alice.pb.collection("routines").create({ contents: "stretch", ...twoWeeks });
  let days = await daysOf(alice, routine);
  const wednesday = days.find((d) => d.date === "2026-11-25");
  const friday = days.find((d) => d.date === "2026-11-27");
  await alice.pb.collection("todos").update(friday.id, { is_checked: true });
  await bob.pb.collection("likes").create({ todo: friday.id, emoji: "🔥" });

  // from Wednesday on: Tuesdays and Fridays, "yoga"
  const changed = await alice.pb.send(`/api/todomate/todos/${wednesday.id}/later`, {
    method: "POST",
    body: { contents: "yoga", weekdays: ["tue", "fri"] },
  });
  assert.deepEqual(changed.weekdays, ["tue", "fri"]);
  days = await daysOf(alice, routine);
  assert.deepEqual(days.map((d) => [d.date, d.contents]), [
    ["2026-11-23", "stretch"],
    ["2026-11-27", "yoga"],
    ["2026-12-01", "yoga"],
    ["2026-12-04", "yoga"],
  ]);
  const keptFriday = days.find((d) => d.date === "2026-11-27");
  assert.equal(keptFriday.id, friday.id, "the Friday is the same todo");
  assert.equal(keptFriday.is_checked, true, "and keeps its check");
  assert.equal((await bob.pb.collection("likes").getFullList({ filter: `todo = "${friday.id}"` })).length, 1, "and its cheer");

  // bob may not touch alice's routine: as for a todo that does not exist
  assert.equal(await status(bob.pb.send(`/api/todomate/todos/${friday.id}/later`, { method: "DELETE" })), 404);
  assert.equal(await status(bob.pb.send(`/api/todomate/todos/${friday.id}/later`, { method: "POST", body: { contents: "x" } })), 404);

  // from Tuesday 1 December on: gone; the routine ends the day before
  const tuesday = days.find((d) => d.date === "2026-12-01");
  await alice.pb.send(`/api/todomate/todos/${tuesday.id}/later`, { method: "DELETE" });
  assert.deepEqual((await daysOf(alice, routine)).map((d) => d.date), ["2026-11-23", "2026-11-27"]);
  assert.equal((await alice.pb.collection("routines").getOne(routine.id)).end, "2026-11-30");

  // moving a day to another date takes it out of the routine
  const moved = await alice.pb.collection("todos").update(friday.id, { date: "2026-11-28" });
  assert.equal(moved.routine, "");
});

test("routines: bad input is a 400 on the field at fault and writes nothing", async () => {
  const { alice } = await community();
  const cases = [
    [{ weekdays: [] }, "weekdays", "validation_required"],
    [{ end: "2026-11-01" }, "end", "validation_end_before_start"],
    [{ end: "2027-12-01" }, "end", "validation_range_too_long"],
    [{ start: "2026-02-30" }, "start", "validation_invalid_day"],
  ];
  for (const [change, field, code] of cases) {
    const err = await alice.pb.collection("routines").create({ contents: "bad", ...twoWeeks, ...change }).catch((e) => e);
    assert.equal(err.status, 400, JSON.stringify(change));
    assert.equal(err.response.data[field]?.code, code, JSON.stringify(err.response.data));
  }
  assert.deepEqual((await alice.pb.collection("routines").getList(1, 10)).items, []);
  assert.equal((await contentsFor(alice, alice, "bad")).length, 0);
  const plain = await alice.pb.collection("todos").create({ contents: "plain", date: "2026-11-24" });
  const notRoutine = await alice.pb.send(`/api/todomate/todos/${plain.id}/later`, { method: "DELETE" }).catch((e) => e);
  assert.equal(notRoutine.status, 400);
  assert.equal(notRoutine.response.data.routine.code, "validation_not_routine");
});

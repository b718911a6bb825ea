// Visibility levels of goals and diaries: "me" (the owner only), "friends"
// (the default) and "everyone" (any signed-in user); a todo takes its
// goal's level, a todo with no goal is "friends". For each level: who of
// alice (owner), bob (friend), carol (one-way follower), dave (stranger)
// and a guest sees alice's goal, its todo and her diary, through every door
// (list, view, counts, expand, the calendar and feed routes, realtime); and
// the `private` alias that older clients still send.
import assert from "node:assert/strict";
import test from "node:test";

import { ClientResponseError } from "pocketbase";

import { newClient, status } from "./lib/client.mjs";
import { expectEvents, subscribeAll, subscribersOf } from "./lib/realtime.mjs";
import { useServer } from "./lib/suite.mjs";
import { community, todo } from "./lib/users.mjs";

useServer();

const levels = ["me", "friends", "everyone"];
const day = "2026-11-10";

// who of the community sees alice's things of each level (a guest never)
const seers = {
  me: ["alice"],
  friends: ["alice", "bob"],
  everyone: ["alice", "bob", "carol", "dave"],
};

// world is a community plus a guest, and alice's things for level: a goal
// of that level with a done todo under it, a diary of that level, and a
// plain todo (no goal: "friends") on the same day.
async function world(level) {
  const people = await community();
  const { alice } = people;
  const goal = await alice.pb.collection("goals").create({ title: `${level} goal`, visibility: level });
  const leveled = await todo(alice, { goal: goal.id, date: day, contents: "under the goal", is_checked: true });
  const plain = await todo(alice, { date: day, contents: "no goal" });
  const diary = await alice.pb
    .collection("diaries")
    .create({ date: day, emoji: "🌊", content: `a ${level} day`, visibility: level });
  return { ...people, guest: { name: "guest", pb: newClient() }, things: { goal, leveled, plain, diary } };
}

// viewers of a world in a fixed order, with whether each one sees things
// of level
function viewers(w, level) {
  return ["alice", "bob", "carol", "dave", "guest"].map((name) => ({
    name,
    user: w[name],
    sees: seers[level].includes(name),
  }));
}

// ids of alice's records of collection that user lists
async function listed(user, collection, alice) {
  const items = await user.pb.collection(collection).getFullList({ filter: `user = "${alice.id}"` });
  return items.map((r) => r.id).sort();
}

// totalItems of alice's records of collection as user counts them
async function counted(user, collection, alice) {
  const page = await user.pb.collection(collection).getList(1, 1, { filter: `user = "${alice.id}"` });
  return page.totalItems;
}

// totalItems of a list of ids that names no author: the server narrows
// it and counts its total apart from PocketBase's page
async function countedAmong(user, collection, ids) {
  const filter = ids.map((id) => `id = "${id}"`).join(" || ");
  return (await user.pb.collection(collection).getList(1, 1, { filter })).totalItems;
}

// expanded ids under key of record's expand, [] when absent
function expandedIds(record, key) {
  return [record.expand?.[key] ?? []]
    .flat()
    .map((r) => r.id)
    .sort();
}

// failure returns the SDK error of a request that must fail
async function failure(promise) {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ClientResponseError, String(err));
    return err;
  }
  assert.fail("the request succeeded");
}

for (const level of levels) {
  test(`${level}: who lists, views and counts alice's goal, its todo and her diary`, async () => {
    const w = await world(level);
    const { alice } = w;
    const { goal, leveled, plain, diary } = w.things;

    for (const { name, user, sees } of viewers(w, level)) {
      const friend = name === "alice" || name === "bob";
      const expected = {
        goals: sees ? [goal.id] : [],
        todos: [...(sees ? [leveled.id] : []), ...(friend ? [plain.id] : [])].sort(),
        diaries: sees ? [diary.id] : [],
      };
      const all = { goals: [goal.id], todos: [leveled.id, plain.id], diaries: [diary.id] };
      for (const [collection, ids] of Object.entries(expected)) {
        assert.deepEqual(await listed(user, collection, alice), ids, `${name} lists ${collection}`);
        assert.equal(await counted(user, collection, alice), ids.length, `${name} counts ${collection}`);
        assert.equal(
          await countedAmong(user, collection, all[collection]),
          ids.length,
          `${name} counts ${collection} by id`,
        );
      }

      const views = {
        goal: [goal, "goals", sees],
        leveled: [leveled, "todos", sees],
        plain: [plain, "todos", friend],
        diary: [diary, "diaries", sees],
      };
      for (const [what, [record, collection, visible]] of Object.entries(views)) {
        assert.equal(
          await status(user.pb.collection(collection).getOne(record.id)),
          visible ? 200 : 404,
          `${name} views the ${what}`,
        );
      }
    }
  });

  test(`${level}: alice reads back visibility "${level}" and private ${level === "me"}`, async () => {
    const w = await world(level);
    const { alice, bob } = w;
    for (const [collection, record] of [
      ["goals", w.things.goal],
      ["diaries", w.things.diary],
    ]) {
      assert.deepEqual([record.visibility, record.private], [level, level === "me"], `${collection}: as created`);
      const read = await alice.pb.collection(collection).getOne(record.id);
      assert.deepEqual([read.visibility, read.private], [level, level === "me"], `${collection}: as read`);
      if (level !== "me") {
        const seen = await bob.pb.collection(collection).getOne(record.id);
        assert.deepEqual([seen.visibility, seen.private], [level, false], `${collection}: as bob reads it`);
      }
    }
  });

  test(`${level}: expand shows alice's goal, todos and diaries only to who may see them`, async () => {
    const w = await world(level);
    const { alice } = w;
    const { goal, leveled, plain, diary } = w.things;

    for (const { name, user, sees } of viewers(w, level)) {
      if (name === "guest") {
        continue; // a guest views no user at all
      }
      const friend = name === "alice" || name === "bob";
      const profile = await user.pb
        .collection("users")
        .getOne(alice.id, { expand: "goals_via_user,todos_via_user,diaries_via_user" });
      assert.deepEqual(expandedIds(profile, "goals_via_user"), sees ? [goal.id] : [], `${name}: goals_via_user`);
      assert.deepEqual(
        expandedIds(profile, "todos_via_user"),
        [...(sees ? [leveled.id] : []), ...(friend ? [plain.id] : [])].sort(),
        `${name}: todos_via_user`,
      );
      assert.deepEqual(expandedIds(profile, "diaries_via_user"), sees ? [diary.id] : [], `${name}: diaries_via_user`);

      if (sees) {
        const read = await user.pb.collection("todos").getOne(leveled.id, { expand: "goal" });
        assert.equal(read.expand?.goal?.id, goal.id, `${name}: the todo's goal expanded`);
      }
    }
  });

  test(`${level}: the calendar counts only what the asker may see; a stranger gets 200`, async () => {
    const w = await world(level);
    const { alice } = w;
    const month = (user) => user.pb.send(`/api/todomate/users/${alice.id}/calendar`, { query: { month: "2026-11" } });

    // the done todo is the one under the goal: its colour paints the day
    // for whoever may see it, and for nobody else
    const painted = [w.things.goal.color];
    assert.match(painted[0], /^#[0-9a-f]{6}$/i, "the goal has a colour");
    const all = { date: day, total: 2, done: 1, emoji: "🌊", colors: painted };
    const plainOnly = { date: day, total: 1, done: 0, emoji: null, colors: [] };
    const leveledOnly = { date: day, total: 1, done: 1, emoji: "🌊", colors: painted };
    const expected = {
      alice: [all],
      bob: level === "me" ? [plainOnly] : [all],
      carol: level === "everyone" ? [leveledOnly] : [],
      dave: level === "everyone" ? [leveledOnly] : [],
    };
    for (const [name, days] of Object.entries(expected)) {
      const answer = await month(w[name]);
      assert.deepEqual(answer, { month: "2026-11", days }, `${name}'s calendar of alice`);
    }
    assert.equal(await status(month(w.guest)), 401, "a guest");
  });

  test(`${level}: the feed is friends only, with what the friend may see`, async () => {
    const w = await world(level);
    const { alice } = w;
    const { leveled, plain, diary } = w.things;
    const alicesDay = async (user) => {
      const answer = await user.pb.send("/api/todomate/feed", { query: { date: day } });
      return answer.items.find((item) => item.user.id === alice.id);
    };

    const bobs = await alicesDay(w.bob);
    assert.ok(bobs, "bob has alice in his feed");
    assert.deepEqual(
      bobs.todos.map((t) => t.id).sort(),
      (level === "me" ? [plain.id] : [plain.id, leveled.id]).sort(),
      "the todos bob sees",
    );
    assert.equal(bobs.diary?.id ?? null, level === "me" ? null : diary.id, "the diary bob sees");
    assert.equal(await alicesDay(w.carol), undefined, "carol, a one-way follower");
    assert.equal(await alicesDay(w.dave), undefined, "dave, a stranger");
  });
}

test("a todo with no goal is friends; a goal's new level reaches its todos at once", async () => {
  const w = await world("friends");
  const { alice, bob, carol, dave } = w;
  const { goal, leveled, plain } = w.things;
  const goals = alice.pb.collection("goals");
  const todoIds = (...names) => names.map((n) => ({ leveled: leveled.id, plain: plain.id })[n]).sort();

  assert.deepEqual(await listed(bob, "todos", alice), todoIds("leveled", "plain"), "bob, friends");
  assert.deepEqual(await listed(dave, "todos", alice), [], "dave, friends");

  await goals.update(goal.id, { visibility: "everyone" });
  assert.deepEqual(await listed(bob, "todos", alice), todoIds("leveled", "plain"), "bob, everyone");
  assert.deepEqual(await listed(carol, "todos", alice), todoIds("leveled"), "carol, everyone");
  assert.deepEqual(await listed(dave, "todos", alice), todoIds("leveled"), "dave, everyone");

  await goals.update(goal.id, { visibility: "me" });
  assert.deepEqual(await listed(bob, "todos", alice), todoIds("plain"), "bob, me");
  assert.deepEqual(await listed(dave, "todos", alice), [], "dave, me");
  assert.deepEqual(await listed(alice, "todos", alice), todoIds("leveled", "plain"), "alice, me");
});

test("a like's expand shows the liked todo and diary only at a level that lets the reader see them", async () => {
  const w = await world("everyone");
  const { alice, bob, carol, dave } = w;
  const { goal, leveled, diary } = w.things;
  for (const liker of [bob, dave]) {
    await liker.pb.collection("likes").create({ todo: leveled.id });
    await liker.pb.collection("likes").create({ diary: diary.id });
  }

  // what reader lists of liker's likes: [todo expanded?, diary expanded?]
  // per like, or null for no likes listed
  const read = async (reader, liker) => {
    const likes = await reader.pb
      .collection("likes")
      .getFullList({ filter: `user = "${liker.id}"`, expand: "todo,diary" });
    if (likes.length === 0) {
      return null;
    }
    const todoLike = likes.find((l) => l.todo === leveled.id);
    const diaryLike = likes.find((l) => l.diary === diary.id);
    return [todoLike?.expand?.todo?.id === leveled.id, diaryLike?.expand?.diary?.id === diary.id];
  };

  const expectations = {
    everyone: { daveOwn: [true, true], bobOwn: [true, true], carolOfDave: [true, true] },
    friends: { daveOwn: [false, false], bobOwn: [true, true], carolOfDave: null },
    me: { daveOwn: [false, false], bobOwn: [false, false], carolOfDave: null },
  };
  for (const level of ["everyone", "friends", "me"]) {
    await alice.pb.collection("goals").update(goal.id, { visibility: level });
    await alice.pb.collection("diaries").update(diary.id, { visibility: level });
    const want = expectations[level];
    assert.deepEqual(await read(dave, dave), want.daveOwn, `${level}: dave's own likes`);
    assert.deepEqual(await read(bob, bob), want.bobOwn, `${level}: bob's own likes`);
    assert.deepEqual(await read(carol, dave), want.carolOfDave, `${level}: carol reads dave's likes`);
  }
});

test("default: a goal and a diary created without a level are friends, not private", async () => {
  const { alice, bob, dave } = await community();
  const goal = await alice.pb.collection("goals").create({ title: "plain" });
  const diary = await alice.pb.collection("diaries").create({ date: day, emoji: "🌱" });

  for (const [collection, record] of [
    ["goals", goal],
    ["diaries", diary],
  ]) {
    assert.deepEqual([record.visibility, record.private], ["friends", false], `${collection}: as created`);
    const read = await alice.pb.collection(collection).getOne(record.id);
    assert.deepEqual([read.visibility, read.private], ["friends", false], `${collection}: as read`);
    assert.equal(await status(bob.pb.collection(collection).getOne(record.id)), 200, `${collection}: bob`);
    assert.equal(await status(dave.pb.collection(collection).getOne(record.id)), 404, `${collection}: dave`);
  }
});

// the private alias, on goals and diaries alike
const kinds = {
  goals: (n) => ({ title: `goal ${n}` }),
  diaries: (n) => ({ date: `2026-10-${String(n).padStart(2, "0")}`, emoji: "🌱", content: `day ${n}` }),
};

for (const [collection, fieldsOf] of Object.entries(kinds)) {
  // make creates alice's record number n of collection with fields
  const make = (alice, n, fields) => alice.pb.collection(collection).create({ ...fieldsOf(n), ...fields });
  // alice's own records of collection (others' "everyone" ones left out)
  const mine = (alice) => alice.pb.collection(collection).getFullList({ filter: `user = "${alice.id}"`, sort: "id" });
  const levelOf = async (alice, record) => {
    const read = await alice.pb.collection(collection).getOne(record.id);
    return { visibility: read.visibility, private: read.private };
  };

  test(`${collection}: private:true creates a "me" record; private:false makes "me" friends and leaves "everyone"`, async () => {
    const { alice, dave } = await community();
    const hidden = await make(alice, 1, { private: true });
    assert.deepEqual(await levelOf(alice, hidden), { visibility: "me", private: true }, "created private");

    await alice.pb.collection(collection).update(hidden.id, { private: false });
    assert.deepEqual(await levelOf(alice, hidden), { visibility: "friends", private: false }, "me, private:false");

    const open = await make(alice, 2, { visibility: "everyone" });
    await alice.pb.collection(collection).update(open.id, { private: false });
    assert.deepEqual(await levelOf(alice, open), { visibility: "everyone", private: false }, "everyone, private:false");
    assert.equal(await status(dave.pb.collection(collection).getOne(open.id)), 200, "still everyone's");

    await alice.pb.collection(collection).update(open.id, { private: true });
    assert.deepEqual(await levelOf(alice, open), { visibility: "me", private: true }, "everyone, private:true");
    assert.equal(await status(dave.pb.collection(collection).getOne(open.id)), 404, "alice's only");

    const created = await make(alice, 3, { private: false });
    assert.deepEqual(await levelOf(alice, created), { visibility: "friends", private: false }, "created private:false");
  });

  test(`${collection}: private and visibility that agree are accepted`, async () => {
    const { alice } = await community();
    const agreeing = [
      [{ private: true, visibility: "me" }, "me"],
      [{ private: false, visibility: "friends" }, "friends"],
      [{ private: false, visibility: "everyone" }, "everyone"],
    ];
    let n = 1;
    for (const [fields, visibility] of agreeing) {
      const record = await make(alice, n++, fields);
      assert.deepEqual(await levelOf(alice, record), { visibility, private: visibility === "me" }, JSON.stringify(fields));
    }
    const record = await make(alice, n++, {});
    for (const [fields, visibility] of agreeing) {
      await alice.pb.collection(collection).update(record.id, fields);
      assert.deepEqual(
        await levelOf(alice, record),
        { visibility, private: visibility === "me" },
        `update ${JSON.stringify(fields)}`,
      );
    }
  });

  test(`${collection}: private and visibility in conflict are a 400 with a field error, and change nothing`, async () => {
    const { alice } = await community();
    const conflicts = [
      { private: true, visibility: "friends" },
      { private: true, visibility: "everyone" },
      { private: false, visibility: "me" },
    ];
    const before = await mine(alice);

    let n = 1;
    for (const fields of conflicts) {
      const err = await failure(make(alice, n++, fields));
      assert.equal(err.status, 400, `create ${JSON.stringify(fields)}: ${JSON.stringify(err.response)}`);
      assert.ok(Object.keys(err.response.data ?? {}).length > 0, `create ${JSON.stringify(fields)}: a field error`);
    }
    assert.deepEqual(await mine(alice), before, "nothing created");

    for (const level of levels) {
      const record = await make(alice, n++, { visibility: level });
      const saved = await alice.pb.collection(collection).getOne(record.id);
      for (const fields of conflicts) {
        const change = { ...fields, ...(collection === "goals" ? { title: "changed" } : { content: "changed" }) };
        const err = await failure(alice.pb.collection(collection).update(record.id, change));
        assert.equal(err.status, 400, `${level}, update ${JSON.stringify(fields)}: ${JSON.stringify(err.response)}`);
        assert.ok(Object.keys(err.response.data ?? {}).length > 0, `${level}, update ${JSON.stringify(fields)}`);
        assert.deepEqual(
          await alice.pb.collection(collection).getOne(record.id),
          saved,
          `${level}, update ${JSON.stringify(fields)}: unchanged`,
        );
      }
    }
  });

  test(`${collection}: visibility "public" is a 400 on visibility, and changes nothing`, async () => {
    const { alice } = await community();
    const before = await mine(alice);
    const err = await failure(make(alice, 1, { visibility: "public" }));
    assert.equal(err.status, 400, JSON.stringify(err.response));
    assert.ok(err.response.data?.visibility, `data.visibility in ${JSON.stringify(err.response.data)}`);
    assert.deepEqual(await mine(alice), before, "nothing created");

    const record = await make(alice, 2, { visibility: "friends" });
    const saved = await alice.pb.collection(collection).getOne(record.id);
    const updateErr = await failure(alice.pb.collection(collection).update(record.id, { visibility: "public" }));
    assert.equal(updateErr.status, 400, JSON.stringify(updateErr.response));
    assert.ok(updateErr.response.data?.visibility, `data.visibility in ${JSON.stringify(updateErr.response.data)}`);
    assert.deepEqual(await alice.pb.collection(collection).getOne(record.id), saved, "unchanged");
  });
}

// detail of a realtime event's record: what it says, or, for a delete on
// lost sight, the names of its keys
function said(record) {
  return record.contents ?? record.content ?? record.title ?? `{${Object.keys(record).sort()}}`;
}
const lost = "{collectionId,collectionName,id}";

test("realtime: a diary and a goal switched friends → everyone → me → friends reach each subscriber while visible, with a delete when lost", async () => {
  const w = await community();
  const { alice } = w;
  const goal = await alice.pb.collection("goals").create({ title: "start" });
  const task = await todo(alice, { goal: goal.id, contents: "start" });
  const diary = await alice.pb.collection("diaries").create({ date: day, emoji: "🌱", content: "start" });
  const subscribers = await subscribersOf(w);
  await subscribeAll(subscribers, ["diaries", "*"], ["goals", "*"], ["todos", "*"]);

  for (const level of ["everyone", "me", "friends"]) {
    await alice.pb.collection("diaries").update(diary.id, { visibility: level, content: level });
    await alice.pb.collection("goals").update(goal.id, { visibility: level, title: level });
    await alice.pb.collection("todos").update(task.id, { contents: level });
  }

  const updates = (level) => [
    `diaries/* update diary ${level}`,
    `goals/* update goal ${level}`,
    `todos/* update task ${level}`,
  ];
  const deletes = [`diaries/* delete diary ${lost}`, `goals/* delete goal ${lost}`, `todos/* delete task ${lost}`];
  await expectEvents(
    subscribers,
    { [diary.id]: "diary", [goal.id]: "goal", [task.id]: "task" },
    {
      alice: [...updates("everyone"), ...updates("me"), ...updates("friends")],
      bob: [...updates("everyone"), ...deletes, ...updates("friends")],
      carol: [...updates("everyone"), ...deletes],
      dave: [...updates("everyone"), ...deletes],
      guest: [],
    },
    { detail: said },
  );
});

test("realtime: everyone → friends deletes the goal and its todos from a stranger's view; a friend gets the update", async () => {
  const w = await community();
  const { alice } = w;
  const goal = await alice.pb.collection("goals").create({ title: "open", visibility: "everyone" });
  const subscribers = await subscribersOf(w);
  await subscribeAll(subscribers, ["goals", "*"], ["todos", "*"]);

  const task = await todo(alice, { goal: goal.id, contents: "created" });
  await alice.pb.collection("goals").update(goal.id, { visibility: "friends", title: "closed" });
  await alice.pb.collection("todos").update(task.id, { contents: "later" });

  const labels = { [goal.id]: "goal", [task.id]: "task" };
  const friend = ["todos/* create task created", "goals/* update goal closed", "todos/* update task later"];
  const stranger = ["todos/* create task created", `goals/* delete goal ${lost}`, `todos/* delete task ${lost}`];
  await expectEvents(
    subscribers,
    labels,
    { alice: friend, bob: friend, carol: stranger, dave: stranger, guest: [] },
    { detail: said },
  );
});

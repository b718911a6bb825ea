// Realtime on todos: who gets which todo events, through the SDK.
import assert from "node:assert/strict";
import test from "node:test";

import { expectEvents, subscribeAll, subscribersOf } from "./lib/realtime.mjs";
import { useServer } from "./lib/suite.mjs";
import { community, follow, todo } from "./lib/users.mjs";

useServer();

test("todos/*: the owner and a friend get every event of a todo; a follower, a stranger and a guest none", async () => {
  const world = await community();
  const { alice } = world;
  const subscribers = await subscribersOf(world);
  await subscribeAll(subscribers, ["todos", "*"]);

  const plain = await todo(alice, { contents: "water the plants" });
  await alice.pb.collection("todos").update(plain.id, { is_checked: true });
  await alice.pb.collection("todos").delete(plain.id);

  const everything = ["todos/* create plain", "todos/* update plain", "todos/* delete plain"];
  await expectEvents(
    subscribers,
    { [plain.id]: "plain" },
    { alice: everything, bob: everything, carol: [], dave: [], guest: [] },
  );

  // the friend gets the record itself, as the REST API would show it
  const created = subscribers.bob.events.find((e) => e.record.id === plain.id && e.action === "create");
  assert.equal(created.record.contents, "water the plants");
  assert.equal(created.record.user, alice.id);
});

test("todos/{id}: only the owner and a friend get a todo's updates", async () => {
  const world = await community();
  const { alice } = world;
  const plain = await todo(alice, { contents: "call grandma" });
  const subscribers = await subscribersOf(world);
  await subscribeAll(subscribers, ["todos", plain.id]);

  await alice.pb.collection("todos").update(plain.id, { contents: "call grandma, really" });
  await alice.pb.collection("todos").update(plain.id, { is_checked: true });

  const updates = ["todos/plain update plain", "todos/plain update plain"];
  await expectEvents(
    subscribers,
    { [plain.id]: "plain" },
    { alice: updates, bob: updates, carol: [], dave: [], guest: [] },
  );
});

test("a private goal's todos go to the owner only, on * and on their ids", async () => {
  const world = await community();
  const { alice } = world;
  const work = await alice.pb.collection("goals").create({ title: "work" });
  const secret = await alice.pb.collection("goals").create({ title: "secret", private: true });
  const workTodo = await todo(alice, { goal: work.id, contents: "ship it" });
  const secretTodo = await todo(alice, { goal: secret.id, contents: "plan the surprise" });

  const subscribers = await subscribersOf(world);
  await subscribeAll(subscribers, ["todos", "*"], ["todos", workTodo.id], ["todos", secretTodo.id]);

  await alice.pb.collection("todos").update(workTodo.id, { is_checked: true });
  await alice.pb.collection("todos").update(secretTodo.id, { is_checked: true });
  const secretNew = await todo(alice, { goal: secret.id, contents: "buy the cake" });

  const friendsPart = ["todos/* update work", "todos/work update work"];
  await expectEvents(
    subscribers,
    { [workTodo.id]: "work", [secretTodo.id]: "secret", [secretNew.id]: "secretNew" },
    {
      alice: [...friendsPart, "todos/* update secret", "todos/secret update secret", "todos/* create secretNew"],
      bob: friendsPart,
      carol: [],
      dave: [],
      guest: [],
    },
  );
});

test("a goal made private deletes its todos from a friend's view at once, and they come back made public", async () => {
  const world = await community();
  const { alice } = world;
  const goal = await alice.pb.collection("goals").create({ title: "reading" });
  const book = await todo(alice, { goal: goal.id, contents: "read chapter 1" });
  const subscribers = await subscribersOf(world);
  await subscribeAll(subscribers, ["todos", "*"], ["goals", "*"]);

  await alice.pb.collection("todos").update(book.id, { contents: "read chapter 2" });
  await alice.pb.collection("goals").update(goal.id, { private: true });
  await alice.pb.collection("todos").update(book.id, { contents: "read chapter 3" });
  await alice.pb.collection("goals").update(goal.id, { private: false });
  await alice.pb.collection("todos").update(book.id, { contents: "read chapter 4" });

  const chapters = (...numbers) => numbers.map((n) => `todos/* update book read chapter ${n}`);
  const lost = (what) => `${what} {collectionId,collectionName,id}`;
  await expectEvents(
    subscribers,
    { [book.id]: "book", [goal.id]: "goal" },
    {
      alice: [...chapters(2, 3, 4), "goals/* update goal private", "goals/* update goal public"],
      bob: [...chapters(2, 4), lost("todos/* delete book"), lost("goals/* delete goal"), "goals/* update goal public"],
      carol: [],
      dave: [],
    },
    {
      detail: (record) =>
        record.contents ??
        (record.title ? (record.private ? "private" : "public") : `{${Object.keys(record).sort()}}`),
    },
  );
});

test("an unfollow deletes a friend's todos from the other's view and ends their events; a follow back starts them", async () => {
  const world = await community();
  const { alice, bob, carol, follows } = world;
  const subscribers = await subscribersOf(world);
  await subscribeAll(subscribers, ["todos", "*"]);

  const before = await todo(alice, { contents: "before" });
  await expectEvents(subscribers, { [before.id]: "before" }, { bob: ["todos/* create before"], carol: [] });

  // bob unfollows alice: no longer friends
  await bob.pb.collection("follows").delete(follows.bobAlice.id);
  // alice follows carol back: now friends
  await follow(alice, carol);

  const after = await todo(alice, { contents: "after" });
  await alice.pb.collection("todos").update(before.id, { is_checked: true });

  await expectEvents(
    subscribers,
    { [before.id]: "before", [after.id]: "after" },
    {
      bob: ["todos/* create before", "todos/* delete before"],
      carol: ["todos/* create after", "todos/* update before"],
      dave: [],
    },
  );
});

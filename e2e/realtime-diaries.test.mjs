// Realtime on diaries: a public diary reaches the owner and friends, a
// private one the owner only, on every topic.
import test from "node:test";

import { expectEvents, subscribeAll, subscribersOf } from "./lib/realtime.mjs";
import { useServer } from "./lib/suite.mjs";
import { community } from "./lib/users.mjs";

useServer();

function diary(user, fields) {
  return user.pb.collection("diaries").create({ emoji: "🌱", content: `${user.name}'s day`, ...fields });
}

test("diaries: a friend gets a public diary's events; nobody but the owner a private diary's", async () => {
  const world = await community();
  const { alice } = world;
  const hidden = await diary(alice, { date: "2026-11-20", private: true });
  const subscribers = await subscribersOf(world);
  await subscribeAll(subscribers, ["diaries", "*"], ["diaries", hidden.id]);

  const open = await diary(alice, { date: "2026-11-21" });
  await alice.pb.collection("diaries").update(open.id, { emoji: "🔥" });
  await alice.pb.collection("diaries").update(hidden.id, { content: "nobody reads this" });
  const hiddenNew = await diary(alice, { date: "2026-11-22", private: true });
  await alice.pb.collection("diaries").delete(hiddenNew.id);

  const friendsPart = ["diaries/* create open", "diaries/* update open"];
  await expectEvents(
    subscribers,
    { [open.id]: "open", [hidden.id]: "hidden", [hiddenNew.id]: "hiddenNew" },
    {
      alice: [
        ...friendsPart,
        "diaries/* update hidden",
        "diaries/hidden update hidden",
        "diaries/* create hiddenNew",
        "diaries/* delete hiddenNew",
      ],
      bob: friendsPart,
      carol: [],
      dave: [],
      guest: [],
    },
  );
});

test("a diary switched to private is deleted from a friend's view at once, and comes back made public", async () => {
  const world = await community();
  const { alice } = world;
  const entry = await diary(alice, { date: "2026-11-24", content: "one" });
  const subscribers = await subscribersOf(world);
  await subscribeAll(subscribers, ["diaries", "*"], ["diaries", entry.id]);

  await alice.pb.collection("diaries").update(entry.id, { content: "two" });
  await alice.pb.collection("diaries").update(entry.id, { content: "three", private: true });
  await alice.pb.collection("diaries").update(entry.id, { content: "four" });
  await alice.pb.collection("diaries").update(entry.id, { content: "five", private: false });

  const updates = (...contents) =>
    contents.flatMap((c) => [`diaries/* update entry ${c}`, `diaries/entry update entry ${c}`]);
  // the delete carries the record's id and collection, and nothing it says
  const lost = ["diaries/* delete entry {collectionId,collectionName,id}", "diaries/entry delete entry {collectionId,collectionName,id}"];
  await expectEvents(
    subscribers,
    { [entry.id]: "entry" },
    { alice: updates("two", "three", "four", "five"), bob: [...updates("two", "five"), ...lost], carol: [], dave: [] },
    { detail: (record) => record.content ?? `{${Object.keys(record).sort()}}` },
  );
});

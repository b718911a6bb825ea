// Realtime on likes: a like reaches the liker and whoever can see what was
// liked, nobody else.
import test from "node:test";

import { expectEvents, subscribeAll, subscribersOf } from "./lib/realtime.mjs";
import { useServer } from "./lib/suite.mjs";
import { community, follow, todo } from "./lib/users.mjs";

useServer();

test("likes: the liker and those who see the target get it; a like of a hidden target stays with the liker", async () => {
  const world = await community();
  const { alice, bob } = world;
  const secret = await alice.pb.collection("goals").create({ title: "secret", private: true });
  const aliceTodo = await todo(alice);
  const aliceSecretTodo = await todo(alice, { goal: secret.id });
  const alicePublicDiary = await alice.pb.collection("diaries").create({ date: "2026-11-24", emoji: "🔥" });
  const alicePrivateDiary = await alice.pb
    .collection("diaries")
    .create({ date: "2026-11-23", emoji: "🤫", private: true });
  const bobTodo = await todo(bob);

  const subscribers = await subscribersOf(world);
  await subscribeAll(subscribers, ["likes", "*"]);

  const likes = {
    bobTodo: await bob.pb.collection("likes").create({ todo: aliceTodo.id }),
    bobDiary: await bob.pb.collection("likes").create({ diary: alicePublicDiary.id, emoji: "👏" }),
    aliceSecret: await alice.pb.collection("likes").create({ todo: aliceSecretTodo.id }),
    alicePrivate: await alice.pb.collection("likes").create({ diary: alicePrivateDiary.id }),
    aliceBob: await alice.pb.collection("likes").create({ todo: bobTodo.id }),
  };
  await bob.pb.collection("likes").delete(likes.bobTodo.id);
  await alice.pb.collection("likes").delete(likes.aliceSecret.id);

  const labels = Object.fromEntries(Object.entries(likes).map(([label, like]) => [like.id, label]));
  const friendsPart = [
    "likes/* create bobTodo",
    "likes/* delete bobTodo",
    "likes/* create bobDiary",
    "likes/* create aliceBob",
  ];
  await expectEvents(subscribers, labels, {
    alice: [
      ...friendsPart,
      "likes/* create aliceSecret",
      "likes/* delete aliceSecret",
      "likes/* create alicePrivate",
    ],
    bob: friendsPart,
    carol: [],
    dave: [],
    guest: [],
  });
});

test("likes/{id}: a like of a private diary reaches its liker only", async () => {
  const world = await community();
  const { alice, bob } = world;
  const privateDiary = await alice.pb.collection("diaries").create({ date: "2026-11-23", emoji: "🤫", private: true });
  const publicDiary = await alice.pb.collection("diaries").create({ date: "2026-11-24", emoji: "🔥" });
  const hiddenLike = await alice.pb.collection("likes").create({ diary: privateDiary.id });
  const openLike = await bob.pb.collection("likes").create({ diary: publicDiary.id });

  const subscribers = await subscribersOf(world);
  await subscribeAll(subscribers, ["likes", hiddenLike.id], ["likes", openLike.id]);

  // likes have no update: deleting the diaries deletes their likes
  await alice.pb.collection("diaries").delete(privateDiary.id);
  await alice.pb.collection("diaries").delete(publicDiary.id);

  await expectEvents(
    subscribers,
    { [hiddenLike.id]: "hiddenLike", [openLike.id]: "openLike" },
    {
      alice: ["likes/hiddenLike delete hiddenLike", "likes/openLike delete openLike"],
      bob: ["likes/openLike delete openLike"],
      carol: [],
      dave: [],
      guest: [],
    },
  );
});

test("a diary made private takes the others' cheers of it off a friend's view; the liker keeps his own", async () => {
  const world = await community();
  const { alice, bob, carol } = world;
  await follow(alice, carol); // carol follows alice already: now friends
  const diary = await alice.pb.collection("diaries").create({ date: "2026-11-25", emoji: "🌊" });
  const cheer = await bob.pb.collection("likes").create({ diary: diary.id, emoji: "🎉" });

  const subscribers = await subscribersOf(world);
  await subscribeAll(subscribers, ["likes", "*"]);
  await alice.pb.collection("diaries").update(diary.id, { private: true });

  await expectEvents(
    subscribers,
    { [cheer.id]: "cheer" },
    { alice: [], bob: [], carol: ["likes/* delete cheer {collectionId,collectionName,id}"], dave: [] },
    { detail: (record) => `{${Object.keys(record).sort()}}` },
  );
});

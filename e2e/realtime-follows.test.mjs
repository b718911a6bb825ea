// Realtime on follows: the follow graph is public inside the app, so every
// signed-in subscriber gets its events, and a guest none.
import test from "node:test";

import { expectEvents, subscribeAll, subscribersOf } from "./lib/realtime.mjs";
import { useServer } from "./lib/suite.mjs";
import { community, follow } from "./lib/users.mjs";

useServer();

test("follows: every signed-in subscriber gets follows and unfollows; a guest nothing", async () => {
  const world = await community();
  const { alice, carol, dave, follows } = world;
  const subscribers = await subscribersOf(world);
  await subscribeAll(subscribers, ["follows", "*"], ["follows", follows.carolAlice.id]);

  const daveCarol = await follow(dave, carol);
  await dave.pb.collection("follows").delete(daveCarol.id);
  // alice removes her follower carol
  await alice.pb.collection("follows").delete(follows.carolAlice.id);

  const everything = [
    "follows/* create daveCarol",
    "follows/* delete daveCarol",
    "follows/* delete carolAlice",
    "follows/carolAlice delete carolAlice",
  ];
  await expectEvents(
    subscribers,
    { [daveCarol.id]: "daveCarol", [follows.carolAlice.id]: "carolAlice" },
    { alice: everything, bob: everything, carol: everything, dave: everything, guest: [] },
  );
});

// "Exactly one emoji" through the SDK: a diary's emoji and a like's emoji
// must be one well-formed emoji (collections/emoji.go). Strings that are an
// emoji plus something a plain one-grapheme check let through — a trailing
// joiner, a combining accent, a pile of presentation selectors — are a 400
// with validation_invalid_emoji and store nothing.
import assert from "node:assert/strict";
import test from "node:test";

import { useServer } from "./lib/suite.mjs";
import { community, todo } from "./lib/users.mjs";

useServer();

// One emoji plus junk: each is a single grapheme cluster starting with an
// emoji, and none is one emoji.
const badEmoji = {
  "trailing ZWJ": "🙂\u200d",
  "trailing ZWJ after a skin tone": "👍🏽\u200d",
  "combining acute accent": "🙂\u0301",
  "three VS16": "🙂\ufe0f\ufe0f\ufe0f",
};

// rejects asserts that request fails with a 400 whose emoji field error is
// validation_invalid_emoji.
async function rejectsEmoji(request, label) {
  await assert.rejects(request, (err) => {
    assert.equal(err.status, 400, `${label}: status (${err.message})`);
    assert.equal(err.response.data?.emoji?.code, "validation_invalid_emoji", `${label}: ${JSON.stringify(err.response)}`);
    return true;
  });
}

test("a diary with one emoji plus junk is a 400 and is not stored; a well-formed emoji is", async () => {
  const { alice } = await community();
  const diaries = alice.pb.collection("diaries");

  let day = 1;
  for (const [label, emoji] of Object.entries(badEmoji)) {
    const date = `2026-11-0${day++}`;
    await rejectsEmoji(diaries.create({ date, emoji, content: label }), `diary, ${label}`);
  }
  assert.deepEqual(await diaries.getFullList({ filter: `user = "${alice.id}"` }), [], "no diary stored");

  const good = await diaries.create({ date: "2026-11-24", emoji: "🧑🏽‍🚀", content: "to the moon" });
  assert.equal(good.emoji, "🧑🏽‍🚀");
  const stored = await diaries.getFullList({ filter: `user = "${alice.id}"` });
  assert.deepEqual(
    stored.map((d) => [d.id, d.emoji]),
    [[good.id, "🧑🏽‍🚀"]],
  );
});

test("a like with one emoji plus junk is a 400 and is not stored, on a friend's todo and on one's own", async () => {
  const { alice, bob } = await community();
  const aliceTodo = await todo(alice);
  const targets = [
    { who: "bob on alice's todo", liker: bob, todo: aliceTodo },
    { who: "alice on her own todo", liker: alice, todo: aliceTodo },
  ];

  for (const { who, liker, todo: target } of targets) {
    for (const [label, emoji] of Object.entries(badEmoji)) {
      await rejectsEmoji(liker.pb.collection("likes").create({ todo: target.id, emoji }), `like by ${who}, ${label}`);
    }
  }
  const likesOf = () => alice.pb.collection("likes").getFullList({ filter: `todo = "${aliceTodo.id}"` });
  assert.deepEqual(await likesOf(), [], "no like stored");

  const bobLike = await bob.pb.collection("likes").create({ todo: aliceTodo.id, emoji: "❤️‍🔥" });
  const aliceLike = await alice.pb.collection("likes").create({ todo: aliceTodo.id, emoji: "👍🏽" });
  assert.equal(bobLike.emoji, "❤️‍🔥");
  assert.equal(aliceLike.emoji, "👍🏽");
  const stored = (await likesOf()).map((l) => [l.user, l.emoji]).sort();
  assert.deepEqual(stored, [[alice.id, "👍🏽"], [bob.id, "❤️‍🔥"]].sort());
});

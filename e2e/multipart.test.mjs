// Multipart bodies sent byte for byte, as a client on a bad connection or a
// buggy one sends them: a body cut off before its close delimiter is a 400
// and stores nothing (Go's parser alone takes a body cut inside the headers
// of its last part for a whole one), and a file part with filename="" is a
// 400 that comes back as JSON.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";

import { png } from "./lib/images.mjs";
import { serverURL } from "./lib/client.mjs";
import { useServer } from "./lib/suite.mjs";
import { community } from "./lib/users.mjs";

useServer();

const boundary = "todomate-e2e-cut";

// body writes parts ({ name, value, filename? }) as multipart/form-data
// with CRLF line ends, closed by the close delimiter.
function body(parts) {
  const chunks = [];
  for (const { name, value, filename } of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${name}"`;
    if (filename !== undefined) {
      head += `; filename="${filename}"\r\nContent-Type: image/png`;
    }
    chunks.push(Buffer.from(`${head}\r\n\r\n`), Buffer.from(value), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

// send posts bytes as they are to the diaries of user (fetch sends the
// Content-Length of the bytes: the body is whole as far as HTTP goes) and
// returns the status, the raw answer and the answer parsed.
async function send(user, bytes) {
  const response = await fetch(new URL("/api/collections/diaries/records", serverURL), {
    method: "POST",
    headers: {
      Authorization: user.pb.authStore.token,
      "Content-Type": `multipart/form-data; boundary=${boundary}`,
    },
    body: bytes,
  });
  const raw = Buffer.from(await response.arrayBuffer());
  let json;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch (err) {
    assert.fail(`the ${response.status} answer is not JSON (${raw.length} bytes): ${err.message}`);
  }
  return { status: response.status, raw, json };
}

describe("multipart bodies", () => {
  let world;
  before(async () => {
    world = await community();
  });

  async function diariesOn(user, date) {
    return user.pb.collection("diaries").getFullList({ filter: `user = "${world.alice.id}" && date = "${date}"` });
  }

  test("a diary cut inside the headers of its last part, private=true, is a 400 and no diary at all", async () => {
    const { alice, bob } = world;
    const date = "2026-10-01";
    const whole = body([
      { name: "date", value: date },
      { name: "emoji", value: "🤫" },
      { name: "content", value: "nobody but me" },
      { name: "private", value: "true" },
    ]);
    const marker = Buffer.from('name="priv');
    const cut = whole.subarray(0, whole.indexOf(marker) + marker.length);

    const answer = await send(alice, cut);
    assert.equal(answer.status, 400, JSON.stringify(answer.json));
    assert.equal(answer.json.status, 400);
    assert.equal(answer.json.data?.body?.code, "validation_invalid_body", JSON.stringify(answer.json));
    assert.ok(answer.json.message);

    assert.deepEqual(await diariesOn(alice, date), [], "the owner has no diary on that day");
    assert.deepEqual(await diariesOn(bob, date), [], "a friend sees no diary on that day");
  });

  test("the same diary cut right before its close delimiter is a 400 too", async () => {
    const { alice } = world;
    const date = "2026-10-02";
    const whole = body([
      { name: "date", value: date },
      { name: "emoji", value: "🤫" },
      { name: "private", value: "true" },
    ]);
    const cut = whole.subarray(0, whole.lastIndexOf(Buffer.from(`--${boundary}--`)));

    const answer = await send(alice, cut);
    assert.equal(answer.status, 400);
    assert.equal(answer.json.data?.body?.code, "validation_invalid_body", JSON.stringify(answer.json));
    assert.deepEqual(await diariesOn(alice, date), []);
  });

  test("the whole body is a private diary, hidden from a friend", async () => {
    const { alice, bob } = world;
    const date = "2026-10-03";
    const answer = await send(
      alice,
      body([
        { name: "date", value: date },
        { name: "emoji", value: "🤫" },
        { name: "private", value: "true" },
        { name: "photos", value: png(16, 16), filename: "me.png" },
      ]),
    );
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    assert.equal(answer.json.private, true);
    assert.equal(answer.json.photos.length, 1);
    assert.equal((await diariesOn(alice, date)).length, 1);
    assert.deepEqual(await diariesOn(bob, date), []);
  });

  test('a photo part with filename="" is a 400 in JSON naming photos, and no diary', async () => {
    const { alice } = world;
    const date = "2026-10-04";
    const answer = await send(
      alice,
      body([
        { name: "date", value: date },
        { name: "emoji", value: "📸" },
        { name: "photos", value: png(16, 16), filename: "" },
      ]),
    );
    assert.equal(answer.status, 400);
    assert.ok(answer.raw.length > 0, "the answer has a body");
    assert.equal(answer.json.status, 400);
    assert.ok(answer.json.data?.photos, JSON.stringify(answer.json));
    assert.equal(answer.json.data.photos.code, "validation_invalid_file");
    assert.deepEqual(await diariesOn(alice, date), []);
  });
});

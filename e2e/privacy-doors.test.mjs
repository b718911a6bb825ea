// The back-relation oracle at every door a client's filter or sort comes in
// by: the router for any method (HEAD included), the realtime subscribe
// request and the batch API. A filter such as
// `diaries_via_user.content !~ "word"` on users would tell alice's friend
// whether her PRIVATE diary says word (PocketBase does not apply the
// diaries list rule inside the multi-match subquery of a non-"?"
// operator); todomate refuses it with 400 validation_private_relation
// (hooks/client_queries.go), whatever the word, so no answer tells.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import test from "node:test";

import { ClientResponseError } from "pocketbase";

import { serverURL, status, superuser } from "./lib/client.mjs";
import { expectExactly, Subscriber } from "./lib/realtime.mjs";
import { useServer } from "./lib/suite.mjs";
import { follow, signUp, todo } from "./lib/users.mjs";

useServer();

const code = "validation_private_relation";

// word returns a random lowercase word; secret and absent words have the
// same length, so that no answer differs by the word's length alone.
function word(kind) {
  return `${kind}${randomBytes(4).toString("hex")}`;
}

// friends returns alice and bob, who follow each other; alice has a
// private diary and a todo under a private goal, each with a secret word,
// which bob may not read. She also has a public diary and a public todo:
// with none of her diaries (todos) visible to bob she would drop out of
// every such filter alike, and the oracle would tell nothing.
async function friends() {
  const [alice, bob] = await Promise.all([signUp("alice"), signUp("bob")]);
  await follow(alice, bob);
  await follow(bob, alice);

  const secrets = { diary: word("sdiary"), todo: word("stodo_"), absent: word("absent") };
  const diaries = alice.pb.collection("diaries");
  await diaries.create({ date: "2026-11-20", emoji: "🤫", content: `dear diary: ${secrets.diary}`, private: true });
  await diaries.create({ date: "2026-11-21", emoji: "🔥", content: "a good day" });
  const goal = await alice.pb.collection("goals").create({ title: "secret", private: true });
  await todo(alice, { contents: `plan ${secrets.todo}`, goal: goal.id });
  await todo(alice, { contents: "run 5k" });

  return { alice, bob, secrets };
}

// raw sends a request for the users list as bob, with fetch and no SDK,
// so that it can be a HEAD; it returns what a client can tell one answer
// from another by: the status, the Content-Length (null when absent), the
// other headers but Date, and the body.
async function raw(method, bob, filter) {
  const url = new URL("/api/collections/users/records", serverURL);
  url.searchParams.set("filter", filter);
  const response = await fetch(url, { method, headers: { Authorization: bob.pb.authStore.token } });
  const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== "date"));
  const body = await response.text();
  return { status: response.status, length: response.headers.get("content-length"), headers, body };
}

// assertRefused asserts that err is the SDK's error for PocketBase's 400
// with the validation_private_relation code at each path (keys into
// err.response.data); for assert.rejects.
function assertRefused(err, paths) {
  assert.ok(err instanceof ClientResponseError, String(err));
  assert.equal(err.status, 400, JSON.stringify(err.response));
  for (const path of paths) {
    const field = path.reduce((data, key) => data?.[key], err.response.data);
    assert.equal(field?.code, code, `${path.join(".")} in ${JSON.stringify(err.response.data)}`);
  }
  return true;
}

test("HEAD door: the oracle filter is a 400 whatever the word, as for GET; so is the sort", async () => {
  const { alice, bob, secrets } = await friends();
  const oracle = (w) => `id = "${alice.id}" && diaries_via_user.content !~ "${w}"`;

  const withSecret = await raw("HEAD", bob, oracle(secrets.diary));
  const withAbsent = await raw("HEAD", bob, oracle(secrets.absent));
  assert.deepEqual(
    { status: withSecret.status, length: withSecret.length },
    { status: withAbsent.status, length: withAbsent.length },
    "HEAD with the secret word and with an absent word: same status and Content-Length",
  );
  assert.deepEqual(withAbsent, withSecret, "HEAD: nothing else differs either");
  assert.equal(withSecret.status, 400, "HEAD with the secret word");
  assert.equal(withAbsent.status, 400, "HEAD with an absent word");

  const getSecret = await raw("GET", bob, oracle(secrets.diary));
  const getAbsent = await raw("GET", bob, oracle(secrets.absent));
  assert.equal(getSecret.status, 400, "GET with the secret word");
  assert.equal(JSON.parse(getSecret.body).data.filter.code, code);
  assert.deepEqual(getAbsent, getSecret, "GET with an absent word: the same answer");

  await assert.rejects(bob.pb.collection("users").getList(1, 10, { sort: "-todos_via_user.contents" }), (err) =>
    assertRefused(err, [["sort"]]),
  );
});

// subscribeTo subscribes subscriber to users/<topic> with filter, events
// recorded under label (see Subscriber.seen).
function subscribeTo(subscriber, topic, filter, label) {
  return subscriber.pb.collection("users").subscribe(
    topic,
    (event) =>
      subscriber.events.push({ collection: "users", topic: label, action: event.action, record: event.record }),
    { filter },
  );
}

// refusedIndexes are the indexes, in the subscribe request the SDK sent
// last, of the subscriptions with options: in this file, the oracle ones.
function refusedIndexes(subscriber) {
  return subscriber.pb.realtime.lastSentSubscriptions
    .map((key, i) => (key.includes("?options=") ? String(i) : null))
    .filter((i) => i !== null);
}

test("realtime door: each oracle subscription filter is refused with a 400", async () => {
  const { alice, bob, secrets } = await friends();
  const cases = [
    [alice.id, `diaries_via_user.content !~ "${secrets.diary}"`],
    ["*", `diaries_via_user.content !~ "${secrets.diary}"`],
    [alice.id, `todos_via_user.contents !~ "${secrets.todo}"`],
    ["*", `todos_via_user.contents !~ "${secrets.todo}"`],
    [alice.id, "diaries_via_user.private != true"],
    ["*", "diaries_via_user.private != true"],
  ];

  for (const [topic, filter] of cases) {
    // a connection of its own for each, already open (its barrier todo),
    // so that the refusal is the subscribe request's and not the connect's
    const subscriber = await Subscriber.of(bob);
    await assert.rejects(subscribeTo(subscriber, topic, filter, "oracle"), (err) => {
      const indexes = refusedIndexes(subscriber);
      assert.equal(indexes.length, 1, `sent: ${subscriber.pb.realtime.lastSentSubscriptions}`);
      assert.deepEqual(Object.keys(err.response?.data?.subscriptions ?? {}), indexes, `users/${topic} ${filter}`);
      return assertRefused(err, [["subscriptions", indexes[0], "filter"]]);
    });
  }
});

test("realtime door: bob gets alice's bio change on his plain subscription, and on no oracle one", async () => {
  const { alice, bob, secrets } = await friends();
  const subscriber = await Subscriber.of(bob);
  await subscriber.subscribe("users", alice.id);

  // without the guard, alice's change came on exactly the subscriptions
  // whose filter holds: those with the absent word, telling the secret ones
  const oracles = [
    [alice.id, `diaries_via_user.content !~ "${secrets.diary}"`, "diary !~ secret"],
    [alice.id, `diaries_via_user.content !~ "${secrets.absent}"`, "diary !~ absent"],
    ["*", `diaries_via_user.content !~ "${secrets.absent}"`, "* diary !~ absent"],
    [alice.id, `todos_via_user.contents !~ "${secrets.todo}"`, "todo !~ secret"],
    [alice.id, `todos_via_user.contents !~ "${secrets.absent}"`, "todo !~ absent"],
    [alice.id, "diaries_via_user.private != true", "no private diary"],
  ];
  const answers = {};
  for (const [topic, filter, label] of oracles) {
    // the SDK keeps a refused subscription and sends it again with the
    // next one: each answer refuses all of them so far
    answers[label] = await status(subscribeTo(subscriber, topic, filter, `oracle ${label}`));
  }

  await alice.pb.collection("users").update(alice.id, { bio: "a new bio" });

  await expectExactly(subscriber, { [alice.id]: "alice" }, ["users/alice update alice a new bio"], {
    detail: (record) => record.bio,
  });
  assert.deepEqual(answers, Object.fromEntries(oracles.map(([, , label]) => [label, 400])), "subscribe answers");
});

test("batch door: a sub-request with the oracle filter is a 400 naming that request", async () => {
  const { bob } = await friends();
  const admin = await superuser();
  const saved = (await admin.settings.getAll()).batch;
  // PocketBase ships batch requests disabled, and todomate leaves them so:
  // switched on here, or the 403 "Batch requests are not allowed" comes first
  await admin.settings.update({ batch: { enabled: true, maxRequests: 50 } });
  try {
    const requests = [
      {
        method: "PATCH",
        url: `/api/collections/users/records/${bob.id}?filter=diaries_via_user.content!~'x'`,
        body: {},
      },
    ];
    await assert.rejects(bob.pb.send("/api/batch", { method: "POST", body: { requests } }), (err) =>
      assertRefused(err, [["requests", "0", "filter"]]),
    );
  } finally {
    await admin.settings.update({ batch: { enabled: saved.enabled, maxRequests: saved.maxRequests } });
  }
});

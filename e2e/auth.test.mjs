// Signing up, logging in by email and by username, and refreshing the
// token, as an app does it with the SDK.
import assert from "node:assert/strict";
import test from "node:test";

import { getTokenPayload } from "pocketbase";

import { newClient, superuser } from "./lib/client.mjs";
import { useServer } from "./lib/suite.mjs";
import { password, uniqueName } from "./lib/users.mjs";

useServer();

async function signUp(fields = {}) {
  const username = uniqueName("ann");
  const data = {
    username,
    email: `${username}@example.com`,
    password,
    passwordConfirm: password,
    name: "Ann",
    ...fields,
  };
  const record = await newClient().collection("users").create(data);
  return { ...data, record };
}

// rejects asserts that request fails with status and, if given, a field
// error code.
async function rejects(request, status, field, code) {
  await assert.rejects(request, (err) => {
    assert.equal(err.status, status, `status (${err.message})`);
    if (field) {
      assert.equal(err.response.data?.[field]?.code, code, JSON.stringify(err.response));
    }
    return true;
  });
}

test("sign-up creates a user with a username and no password in sight", async () => {
  const ann = await signUp();
  assert.equal(ann.record.username, ann.username);
  assert.equal(ann.record.name, "Ann");
  assert.equal(ann.record.password, undefined);
  assert.equal(ann.record.tokenKey, undefined);
});

test("login by email and by username give the same user and a valid token", async () => {
  const ann = await signUp();

  const byEmail = newClient();
  const emailAuth = await byEmail.collection("users").authWithPassword(ann.email, password);
  const byUsername = newClient();
  const usernameAuth = await byUsername.collection("users").authWithPassword(ann.username, password);

  assert.equal(emailAuth.record.id, ann.record.id);
  assert.equal(usernameAuth.record.id, ann.record.id);
  for (const pb of [byEmail, byUsername]) {
    assert.ok(pb.authStore.isValid);
    assert.equal(getTokenPayload(pb.authStore.token).id, ann.record.id);
  }

  // the token works: the user reads herself
  const me = await byUsername.collection("users").getOne(ann.record.id);
  assert.equal(me.email, ann.email);
});

test("a wrong password or an unknown identity is the same 400", async () => {
  const ann = await signUp();
  for (const [identity, secret] of [
    [ann.username, "not the password"],
    [ann.email, "not the password"],
    [uniqueName("nobody"), password],
  ]) {
    const pb = newClient();
    await rejects(pb.collection("users").authWithPassword(identity, secret), 400);
    assert.equal(pb.authStore.token, "");
  }
});

test("token refresh returns a valid token and the user as they are now", async () => {
  const ann = await signUp();
  const pb = newClient();
  await pb.collection("users").authWithPassword(ann.username, password);
  const first = getTokenPayload(pb.authStore.token);

  await pb.collection("users").update(ann.record.id, { name: "Ann B." });
  const refreshed = await pb.collection("users").authRefresh();

  assert.equal(refreshed.record.id, ann.record.id);
  assert.equal(refreshed.record.name, "Ann B.");
  assert.equal(pb.authStore.token, refreshed.token);
  const second = getTokenPayload(refreshed.token);
  assert.equal(second.id, ann.record.id);
  assert.ok(second.exp >= first.exp);
});

test("refreshing without a valid token is a 401", async () => {
  const pb = newClient();
  await rejects(pb.collection("users").authRefresh(), 401);

  pb.authStore.save("not.a.token", null);
  await rejects(pb.collection("users").authRefresh(), 401);
});

test("bad sign-ups are 400s with a field error and create nobody", async (t) => {
  const taken = await signUp();
  const cases = [
    ["a username with capitals", { username: "Ann_Upper" }, "username", "validation_invalid_format"],
    ["a taken username", { username: taken.username }, "username", "validation_not_unique"],
    ["a short password", { password: "short", passwordConfirm: "short" }, "password", "validation_min_text_constraint"],
    ["a missing username", { username: "" }, "username", "validation_required"],
  ];
  const admin = await superuser();

  for (const [what, fields, field, code] of cases) {
    await t.test(what, async () => {
      const email = `${uniqueName("bad")}@example.com`;
      await rejects(
        newClient()
          .collection("users")
          .create({ email, username: uniqueName("bad"), password, passwordConfirm: password, ...fields }),
        400,
        field,
        code,
      );

      const found = await admin.collection("users").getList(1, 1, { filter: admin.filter("email = {:email}", { email }) });
      assert.equal(found.totalItems, 0);
    });
  }
});

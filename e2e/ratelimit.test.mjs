// PocketBase's rate limiter, on by default in todomate: a burst of bad
// logins from one IP is answered 429. The other suites switch the limiter
// off (they all come from one loopback IP); this file switches it on for
// one test and off again, and run.sh runs the files one at a time.
import assert from "node:assert/strict";
import { after, test } from "node:test";

import { ClientResponseError } from "pocketbase";

import { newClient, setRateLimiter, superuser } from "./lib/client.mjs";
import { useServer } from "./lib/suite.mjs";
import { password, signUp } from "./lib/users.mjs";

useServer();
after(() => setRateLimiter(false));

test("a burst of bad logins gets a 429; with the limiter off again, logins work", async () => {
  const ann = await signUp("ann");
  const settings = await (await superuser()).settings.getAll();
  const authRule = settings.rateLimits.rules.find((rule) => rule.label === "*:auth");
  assert.ok(authRule, "PocketBase's default *:auth rule is configured");

  await setRateLimiter(true);

  // the default rule allows 2 auth requests in 3 s: a 429 comes by the
  // third or fourth at the latest, even on a slow machine; 10 bounds it
  const answers = [];
  for (let attempt = 0; attempt < 10 && !answers.includes(429); attempt++) {
    try {
      await newClient().collection("users").authWithPassword(ann.username, "not the password");
      answers.push(200);
    } catch (err) {
      assert.ok(err instanceof ClientResponseError, String(err));
      answers.push(err.status);
    }
  }

  assert.equal(answers[0], 400, `first bad login: ${answers}`);
  assert.equal(answers.at(-1), 429, `answers: ${answers}`);
  assert.ok(answers.slice(0, -1).every((status) => status === 400), `answers: ${answers}`);

  await setRateLimiter(false);
  const pb = newClient();
  await pb.collection("users").authWithPassword(ann.username, password);
  assert.ok(pb.authStore.isValid);
});

// Realtime subscribers that remember every event they receive, and the
// barrier that lets a test prove an event was NOT delivered.
//
// Why a barrier proves absence: PocketBase decides who gets a record event
// while it handles the request that changed the record, and sets each
// message on its way to the subscriber's connection before it answers that
// request (v0.40.4: one goroutine per message, onto the connection's
// channel; a connection writes its messages one at a time). The barrier is
// a change of the subscriber's own "barrier" todo, which it always may see,
// on the same connection as every topic under test, requested only after
// the changes under test were answered: a whole HTTP round trip after their
// messages set off. So once the barrier event is in, every earlier event
// for this subscriber is in too, if it was ever coming.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";

import { newClient } from "./client.mjs";
import { todo } from "./users.mjs";

const waitTimeoutMs = 10_000;

export class Subscriber {
  // of returns a subscriber signed in as user, on a realtime connection of
  // its own.
  static async of(user) {
    const subscriber = new Subscriber(user.name, newClient());
    subscriber.pb.authStore.save(user.pb.authStore.token, user.pb.authStore.record);
    await subscriber.#prepareBarrier(user);
    return subscriber;
  }

  // anonymous returns a subscriber without auth. Nothing in todomate is
  // visible to it, so its barrier first signs it in as signInLaterAs
  // (PocketBase lets a realtime client go from guest to signed in); every
  // event it got as a guest was decided before that.
  static anonymous(signInLaterAs) {
    const subscriber = new Subscriber("the guest", newClient());
    subscriber.#signInLaterAs = signInLaterAs;
    return subscriber;
  }

  name;
  pb;
  events = [];
  #changed = new Set();
  #barrierTodo = null;
  #barrierUser = null;
  #signInLaterAs = null;

  constructor(name, pb) {
    this.name = name;
    this.pb = pb;
  }

  // subscribe listens to collection's topic: "*" or a record id.
  async subscribe(collection, topic) {
    await this.pb.collection(collection).subscribe(topic, (event) => {
      this.events.push({ collection, topic, action: event.action, record: event.record });
      for (const check of this.#changed) {
        check();
      }
    });
  }

  // waitUntil resolves once condition() holds for the events received, and
  // fails after a bounded wait, naming what was expected and what came.
  waitUntil(condition, what) {
    if (condition()) {
      return Promise.resolve();
    }

    return new Promise((resolve, reject) => {
      const check = () => {
        if (condition()) {
          done();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `${this.name}: no ${what} within ${waitTimeoutMs} ms; received: ` +
              JSON.stringify(this.events.map((e) => `${e.collection}/${e.topic} ${e.action} ${e.record.id}`)),
          ),
        );
      }, waitTimeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.#changed.delete(check);
      };
      this.#changed.add(check);
    });
  }

  // barrier returns once every event decided before it was called has
  // been received (see the top of this file).
  async barrier() {
    if (this.#signInLaterAs) {
      const user = this.#signInLaterAs;
      this.#signInLaterAs = null;
      this.pb.authStore.save(user.pb.authStore.token, user.pb.authStore.record);
      this.name = `${this.name} (signed in as ${user.name} for the barrier)`;
      // subscribing resends all topics with the new auth
      await this.#prepareBarrier(user);
    }
    if (!this.#barrierTodo) {
      throw new Error(`${this.name}: no barrier prepared`);
    }

    const contents = `barrier ${randomBytes(6).toString("hex")}`;
    await this.#barrierUser.pb.collection("todos").update(this.#barrierTodo.id, { contents });
    await this.waitUntil(
      () =>
        this.events.some(
          (e) => e.record.id === this.#barrierTodo.id && e.action === "update" && e.record.contents === contents,
        ),
      "barrier event",
    );
  }

  async #prepareBarrier(user) {
    this.#barrierUser = user;
    this.#barrierTodo = await todo(user, { contents: "barrier", date: "2000-01-01" });
    await this.subscribe("todos", this.#barrierTodo.id);
  }

  // seen lists the events received about the labelled records, as
  // "collection/topic action label" with record ids in topics replaced by
  // their labels, and detail(record) appended when given; sorted. Other
  // records (barriers, other tests') are left out.
  seen(labels, detail) {
    return this.events
      .filter((e) => e.record.id in labels)
      .map((e) => {
        const line = `${e.collection}/${labels[e.topic] ?? e.topic} ${e.action} ${labels[e.record.id]}`;
        return detail ? `${line} ${detail(e.record)}` : line;
      })
      .sort();
  }
}

// expectExactly asserts that subscriber receives exactly the expected events
// about the labelled records (see Subscriber.seen for the format): it waits
// for each expected one, then passes a barrier and asserts that nothing
// else came.
export async function expectExactly(subscriber, labels, expected, { detail } = {}) {
  const want = [...expected].sort();
  const count = (list, item) => list.filter((x) => x === item).length;

  await subscriber.waitUntil(() => {
    const seen = subscriber.seen(labels, detail);
    return want.every((item) => count(seen, item) >= count(want, item));
  }, `events ${JSON.stringify(want)}`);
  await subscriber.barrier();

  assert.deepEqual(subscriber.seen(labels, detail), want, `events that ${subscriber.name} received`);
}

// subscribersOf returns a subscriber for each person of a community (see
// users.mjs) and one guest, each on a connection of its own, with no
// subscriptions yet.
export async function subscribersOf({ alice, bob, carol, dave }) {
  const [a, b, c, d] = await Promise.all([alice, bob, carol, dave].map((user) => Subscriber.of(user)));
  return { alice: a, bob: b, carol: c, dave: d, guest: Subscriber.anonymous(dave) };
}

// subscribeAll subscribes every subscriber to the same topics, given as
// [collection, topic] pairs.
export async function subscribeAll(subscribers, ...topics) {
  for (const subscriber of Object.values(subscribers)) {
    for (const [collection, topic] of topics) {
      await subscriber.subscribe(collection, topic);
    }
  }
}

// expectEvents runs expectExactly for each named subscriber at once and
// reports every one that failed, not only the first.
export async function expectEvents(subscribers, labels, expectedByName, options) {
  const names = Object.keys(expectedByName);
  const results = await Promise.allSettled(
    names.map((name) => expectExactly(subscribers[name], labels, expectedByName[name], options)),
  );

  const failures = results.filter((r) => r.status === "rejected").map((r) => r.reason);
  if (failures.length === 1) {
    throw failures[0];
  }
  if (failures.length > 1) {
    throw new AggregateError(failures, failures.map((f) => f.message).join("\n\n"));
  }
}

// People for the tests, signed up and signed in through the SDK like any
// app user. Every test world gets its own users (names carry a random run
// suffix), so suites and tests never see each other's records.
import { randomBytes } from "node:crypto";

import { newClient } from "./client.mjs";

export const password = "correct horse 42";

// uniqueName returns a valid todomate username: ^[a-z0-9_.]{3,30}$.
export function uniqueName(name) {
  return `${name}_${randomBytes(5).toString("hex")}`;
}

// signUp creates a user and returns it signed in on a client of its own:
// { name, username, email, id, pb }.
export async function signUp(name) {
  const username = uniqueName(name);
  const email = `${username}@example.com`;
  const pb = newClient();

  await pb.collection("users").create({
    username,
    email,
    password,
    passwordConfirm: password,
    name,
  });
  const auth = await pb.collection("users").authWithPassword(username, password);

  return { name, username, email, id: auth.record.id, pb };
}

// follow makes a follow b; it returns the follow record.
export async function follow(a, b) {
  return a.pb.collection("follows").create({ following: b.id });
}

// block makes a block b (see the blocks collection); it returns the block
// record.
export async function block(a, b) {
  return a.pb.collection("blocks").create({ blocked: b.id });
}

// community builds the four people every privacy test is written against:
//
//	alice — the owner of the content under test
//	bob   — alice's friend (they follow each other)
//	carol — follows alice, who does not follow back (one-way follower)
//	dave  — a stranger: follows nobody, followed by nobody
export async function community() {
  const [alice, bob, carol, dave] = await Promise.all(
    ["alice", "bob", "carol", "dave"].map((name) => signUp(name)),
  );

  const follows = {
    aliceBob: await follow(alice, bob),
    bobAlice: await follow(bob, alice),
    carolAlice: await follow(carol, alice),
  };

  return { alice, bob, carol, dave, follows };
}

// todo creates a todo of user's, on a fixed day unless told otherwise.
export async function todo(user, fields = {}) {
  return user.pb.collection("todos").create({
    contents: `${user.name}'s todo`,
    date: "2026-11-24",
    ...fields,
  });
}

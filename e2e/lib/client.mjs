// The server under test and PocketBase JS SDK clients for it.
//
// run.sh starts todomate and passes where it is, and a superuser, in the
// environment. The SDK opens realtime connections with the global
// EventSource, which Node 20 does not have.
import { EventSource } from "eventsource";
import PocketBase, { BaseAuthStore } from "pocketbase";

globalThis.EventSource ??= EventSource;

export const serverURL = required("E2E_URL");

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the suite with e2e/run.sh`);
  }
  return value;
}

const openClients = new Set();

// newClient returns a client of its own: its own auth state and its own
// realtime connection, as one app on one device would have. Auto
// cancellation is off because tests send like requests concurrently on
// purpose.
export function newClient() {
  const pb = new PocketBase(serverURL, new BaseAuthStore());
  pb.autoCancellation(false);
  openClients.add(pb);
  return pb;
}

// closeClients ends every realtime connection, so that the test process can
// exit; call it from after().
export async function closeClients() {
  const clients = [...openClients];
  openClients.clear();
  // with no subscriptions left the SDK closes the connection
  await Promise.all(clients.map((pb) => pb.realtime.unsubscribe()));
}

let superuserClient;

// superuser returns a client signed in as run.sh's superuser.
export async function superuser() {
  if (!superuserClient) {
    const pb = newClient();
    await pb
      .collection("_superusers")
      .authWithPassword(required("E2E_SUPERUSER_EMAIL"), required("E2E_SUPERUSER_PASSWORD"));
    superuserClient = pb;
  }
  return superuserClient;
}

// setRateLimiter switches PocketBase's rate limiter on or off. Every suite
// sends its requests from one loopback IP, so it is off except where a test
// is about the limiter itself.
export async function setRateLimiter(enabled) {
  const pb = await superuser();
  const settings = await pb.settings.update({ rateLimits: { enabled } });
  if (settings.rateLimits.enabled !== enabled) {
    throw new Error(`rate limiter still enabled=${settings.rateLimits.enabled}`);
  }
}

// status is the HTTP status a request answered with: 200 when its promise
// resolves, else the SDK error's status.
export async function status(promise) {
  try {
    await promise;
    return 200;
  } catch (err) {
    return err.status;
  }
}

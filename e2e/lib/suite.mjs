// What every test file does around its tests.
import { after, before } from "node:test";

import { closeClients, setRateLimiter } from "./client.mjs";

// useServer switches the rate limiter off before the file's tests (they all
// come from one loopback IP) and closes every realtime connection after
// them.
export function useServer() {
  before(() => setRateLimiter(false));
  after(() => closeClients());
}

// Waits until the server at the given URL answers /api/health, polling for
// at most 30 s; exits 1 if it never does.
const url = new URL("/api/health", process.argv[2]);
const deadline = Date.now() + 30_000;

while (Date.now() < deadline) {
  try {
    const response = await fetch(url);
    if (response.ok) {
      process.exit(0);
    }
  } catch {
    // not listening yet
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}

console.error(`${url} did not answer within 30 s`);
process.exit(1);

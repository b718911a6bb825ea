// Helpers of ops/cluster/test.sh that need a tight loop or JSON; no
// dependencies (Node 20's fetch).
//
//   node probe.mjs ports COUNT
//       COUNT port bases, space-separated, each with BASE+1..BASE+3 free on
//       127.0.0.1 right now (all held while choosing, so they never overlap)
//   node probe.mjs lag PRIMARY TOKEN WRITES DAY REPLICA...
//       WRITES todos created one after another on PRIMARY as TOKEN's user;
//       after each answer every REPLICA is polled (GET the record, back to
//       back) until it has it, 5 s at most. The lag is the time from the
//       primary's answer to the replica's first 200. Prints one line per
//       replica and one for all, and JSON on the last line; exits 1 when a
//       replica did not get a write within 5 s.
//   node probe.mjs tokens BASE COUNT
//       logs in the seeded users user0001..userCOUNT (password123), four at
//       a time; prints "token id" per line (bench/rotate_tokens.lua's file)
//   node probe.mjs get PATH
//       the value at PATH (a.b.0.c) of the JSON read from stdin, printed
//       raw (objects as JSON, nothing for null or absent)
import { createServer } from "node:net";

const [command, ...args] = process.argv.slice(2);

const commands = { ports, lag, tokens, get };
if (!(command in commands)) {
  console.error(`usage: node probe.mjs ${Object.keys(commands).join("|")} ...`);
  process.exit(2);
}
await commands[command](...args);

async function ports(count) {
  const held = [];
  const listen = (port) =>
    new Promise((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(null));
      server.listen(port, "127.0.0.1", () => resolve(server));
    });
  const bases = [];
  for (let tries = 0; bases.length < Number(count); tries++) {
    if (tries > 200) {
      throw new Error("no free port range found in 200 tries");
    }
    // below Linux's ephemeral ports (32768 up), which a client connection
    // could take while node 1 restarts; not 18090-18094 (another suite)
    // nor cluster.sh's default 20290-20294
    const base = 21000 + 10 * Math.floor(Math.random() * 1100);
    const servers = [];
    for (let n = 1; n <= 3; n++) {
      const server = await listen(base + n);
      if (!server) {
        break;
      }
      servers.push(server);
    }
    held.push(...servers);
    if (servers.length === 3) {
      bases.push(base);
    }
  }
  await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
  console.log(bases.join(" "));
}

async function lag(primary, token, writes, day, ...replicas) {
  const headers = { Authorization: token, "Content-Type": "application/json" };
  const lags = Object.fromEntries(replicas.map((r) => [r, []]));
  let missed = 0;

  const visible = async (replica, id, since) => {
    const url = new URL(`/api/collections/todos/records/${id}`, replica);
    const deadline = since + 5000;
    while (performance.now() < deadline) {
      const response = await fetch(url, { headers: { Authorization: token } });
      await response.arrayBuffer();
      if (response.status === 200) {
        return performance.now() - since;
      }
      if (response.status !== 404) {
        throw new Error(`GET ${url}: ${response.status}`);
      }
    }
    return null;
  };

  for (let i = 1; i <= Number(writes); i++) {
    const response = await fetch(new URL("/api/collections/todos/records", primary), {
      method: "POST",
      headers,
      body: JSON.stringify({ contents: `lag probe ${i}`, date: day }),
    });
    const body = await response.json();
    if (response.status !== 200) {
      throw new Error(`POST a todo on the primary: ${response.status} ${JSON.stringify(body)}`);
    }
    const since = performance.now();
    const seen = await Promise.all(replicas.map((r) => visible(r, body.id, since)));
    seen.forEach((ms, k) => {
      if (ms === null) {
        missed++;
        console.error(`write ${i} (todo ${body.id}) not visible on ${replicas[k]} within 5 s`);
      } else {
        lags[replicas[k]].push(ms);
      }
    });
  }

  const stats = (list) => {
    const sorted = [...list].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    const median =
      sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    return { n: sorted.length, min: sorted[0], median, p90: at(0.9), max: sorted[sorted.length - 1] };
  };
  const fmt = (s) =>
    `median ${s.median.toFixed(1)} ms, p90 ${s.p90.toFixed(1)} ms, max ${s.max.toFixed(1)} ms, min ${s.min.toFixed(1)} ms (${s.n} writes)`;
  const result = { missed, replicas: {} };
  for (const replica of replicas) {
    result.replicas[replica] = stats(lags[replica]);
    console.log(`${replica}: ${fmt(result.replicas[replica])}`);
  }
  result.all = stats(Object.values(lags).flat());
  console.log(`all: ${fmt(result.all)}`);
  console.log(JSON.stringify(result));
  process.exit(missed ? 1 : 0);
}

async function tokens(base, count) {
  const names = Array.from({ length: Number(count) }, (_, i) => `user${String(i + 1).padStart(4, "0")}`);
  const lines = [];
  for (let i = 0; i < names.length; i += 4) {
    lines.push(
      ...(await Promise.all(
        names.slice(i, i + 4).map(async (identity) => {
          const response = await fetch(new URL("/api/collections/users/auth-with-password", base), {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ identity, password: "password123" }),
          });
          const body = await response.json();
          if (response.status !== 200) {
            throw new Error(`log in ${identity}: ${response.status} ${JSON.stringify(body)}`);
          }
          return `${body.token} ${body.record.id}`;
        }),
      )),
    );
  }
  console.log(lines.join("\n"));
}

async function get(path) {
  let text = "";
  for await (const chunk of process.stdin) {
    text += chunk;
  }
  let value = JSON.parse(text);
  for (const key of path.split(".")) {
    value = value == null ? undefined : value[key];
  }
  process.stdout.write(value == null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));
}

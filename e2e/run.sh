#!/usr/bin/env bash
# The JS SDK end-to-end suite: builds the todomate binary, starts it on a
# free loopback port with a fresh data dir and a superuser, runs the tests
# (*.test.mjs, node's test runner) and always stops the server.
#
#   e2e/run.sh                  all tests
#   e2e/run.sh files.test.mjs   some files
#   E2E_LOOSEN=todos e2e/run.sh loosen one rule first (see lib/loosen.mjs)
#                               to watch the privacy tests fail
#   E2E_BIN=path e2e/run.sh     test that binary instead of building one
set -euo pipefail
cd "$(dirname "$0")"
export GOTOOLCHAIN=go1.27.3

npm ci --no-audit --no-fund --loglevel=error

work=$(mktemp -d "${TMPDIR:-/tmp}/todomate-e2e.XXXXXX")
server_pid=""
# shellcheck disable=SC2317 # called by the trap
stop() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT TERM # exit, so that the EXIT trap stops the server

# The binary lives outside the temp dir: PocketBase takes a binary under
# os.TempDir() for `go run` and switches to dev mode (every SQL statement logged).
bin="$(cd .. && pwd)/bin/e2e/todomate"
if [ -n "${E2E_BIN:-}" ]; then
  mkdir -p "$(dirname "$bin")"
  cp "$E2E_BIN" "$bin"
else
  ../scripts/build.sh "$bin" >/dev/null
fi

port=$(node lib/free-port.mjs)
E2E_URL="http://127.0.0.1:$port"
E2E_SUPERUSER_EMAIL="e2e-admin@example.com"
E2E_SUPERUSER_PASSWORD="e2e-$(node -e 'console.log(crypto.randomUUID())')"
export E2E_URL E2E_SUPERUSER_EMAIL E2E_SUPERUSER_PASSWORD

"$bin" superuser upsert "$E2E_SUPERUSER_EMAIL" "$E2E_SUPERUSER_PASSWORD" --dir "$work/pb_data" >/dev/null
"$bin" serve --http "127.0.0.1:$port" --dir "$work/pb_data" >"$work/server.log" 2>&1 &
server_pid=$!

if ! node lib/wait-healthy.mjs "$E2E_URL"; then
  cat "$work/server.log" >&2
  exit 1
fi

if [ -n "${E2E_LOOSEN:-}" ]; then
  node lib/loosen.mjs "$E2E_LOOSEN"
fi

# one file at a time: the rate limiter test switches a server-wide setting
if [ "$#" -gt 0 ]; then
  files=("$@")
else
  files=(*.test.mjs)
fi
status=0
node --test --test-concurrency=1 --test-reporter=spec "${files[@]}" || status=$?

if [ "$status" -ne 0 ]; then
  echo "== server log (last 50 lines)" >&2
  tail -n 50 "$work/server.log" >&2
fi
exit "$status"

#!/usr/bin/env bash
# The browser suite: builds the binary, starts it on a free loopback port
# with a fresh data dir, drives the web app in Debian's Chromium through
# playwright-core (no browser download), and always stops the server.
#
#   BROWSER_BIN=path browser-tests/run.sh   test that binary instead of building one
#   browser-tests/run.sh home.test.mjs      run only the files named
set -euo pipefail
cd "$(dirname "$0")"
export GOTOOLCHAIN=go1.27.3
echo "== browser suite: the web app in Chromium"

command -v chromium >/dev/null || { echo "browser suite: needs Debian's chromium (scripts/deps.sh installs it)" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error

work=$(mktemp -d)
bindir=""
pid=""
# shellcheck disable=SC2317 # called by the trap
stop() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work" "$bindir"
}
trap stop EXIT

# outside the temp dir: PocketBase takes a binary under os.TempDir() for
# `go run` and switches to dev mode (SQL logged, pb_public read from disk)
# (one directory per run, so that two runs side by side do not overwrite
# each other's binary)
bindir="$(cd .. && pwd)/bin/browser/$$"
bin="$bindir/todomate"
if [ -n "${BROWSER_BIN:-}" ]; then # test that binary instead of building one
  mkdir -p "$(dirname "$bin")"
  cp "$BROWSER_BIN" "$bin"
else
  ../scripts/build.sh "$bin" >/dev/null
fi
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$bin" superuser upsert admin@example.com pass123456 --dir "$work/data" >/dev/null
"$bin" serve --http "127.0.0.1:$port" --dir "$work/data" >"$work/server.log" 2>&1 &
pid=$!

export TODOMATE_URL="http://127.0.0.1:$port"
export TODOMATE_ADMIN_EMAIL=admin@example.com TODOMATE_ADMIN_PASSWORD=pass123456

status=0
# files named on the command line (home.test.mjs ...), or every one
if [ "$#" -gt 0 ]; then files=("$@"); else files=(./*.test.mjs); fi
node --test --test-concurrency=1 "${files[@]}" || status=$?
if [ "$status" != 0 ]; then
  echo "== server log (last 40 lines)"
  tail -n 40 "$work/server.log"
fi
exit "$status"

#!/usr/bin/env bash
# HTTP load on GET /api/todomate/feed: builds the binary, seeds the
# benchmark community into a fresh data dir (1,000 users, 100 todos each,
# 20 mutual friends each, diaries, likes), starts the server on a free
# loopback port with the rate limiter off, logs in VIEWERS users and runs
# wrk for DURATION with CONNECTIONS connections, each request as the next
# of those users. Prints req/s, p50, p90, p99, the non-2xx count and the
# server's CPU time per request; fails if any request failed. The server
# is always stopped and the data removed.
#
# wrk and the server share this machine. The server gets all cores but one
# (SERVER_PROCS, its GOMAXPROCS): when both want every core, wrk waits for
# the CPU with answers in hand, and its waits count as the server's latency.
#
# Usage: bench/feed.sh            (knobs: DURATION=20s CONNECTIONS=64
#                                  VIEWERS=200 USERS=1000 THREADS=1
#                                  SERVER_PROCS=nproc-1;
#                                  NO_CACHE=1 asks for every feed from the
#                                  database (Cache-Control: no-cache);
#                                  REQUEST_LOGS=off turns off PocketBase's
#                                  request log;
#                                  ROUTE_PATH=/api/todomate/friends loads
#                                  another GET route the same way)
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1} # wrk shares the 2 cores with the server: one thread is plenty
VIEWERS=${VIEWERS:-200}
USERS=${USERS:-1000}
DAY=2026-11-24 # the seeded community's last day: every friend has a day there
SERVER_PROCS=${SERVER_PROCS:-$(( $(nproc) > 1 ? $(nproc) - 1 : 1 ))}

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" != "0" ]; then
    echo "missing wrk: run 'sudo apt-get install -y wrk' and try again" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
for tool in curl node; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool" >&2; exit 1; }
done

work=$(mktemp -d -t todomate-feed-bench.XXXXXX)
# (--dev=false on every command: PocketBase takes a binary under the temp
# dir for `go run` and would log every SQL statement)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

echo "== build"
scripts/build.sh "$work/todomate" >/dev/null

echo "== seed $USERS users"
"$work/todomate" seed --dev=false --dir "$work/pb_data" --users "$USERS" --end-day "$DAY" --seed 1 >"$work/seed.out" 2>/dev/null
head -1 "$work/seed.out"
"$work/todomate" superuser upsert bench@example.com bench-password-123 --dev=false --dir "$work/pb_data" >/dev/null

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
base="http://127.0.0.1:$port"
GOMAXPROCS=$SERVER_PROCS ${SERVER_NICE:+nice -n "$SERVER_NICE"} "$work/todomate" serve --dev=false --http "127.0.0.1:$port" --dir "$work/pb_data" >"$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 100); do
  curl -fs --max-time 1 "$base/api/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs --max-time 2 "$base/api/health" >/dev/null || { echo "server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

# token PATH IDENTITY PASSWORD: an auth token, from a password login, on a line
token() {
  local body
  body=$(curl -fs --max-time 10 -X POST "$base$1" -H 'content-type: application/json' \
    -d "{\"identity\":\"$2\",\"password\":\"$3\"}")
  printf '%s\n' "$body" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

echo "== rate limiter off"
admin=$(token /api/collections/_superusers/auth-with-password bench@example.com bench-password-123)
[ -n "$admin" ] || { echo "superuser login failed" >&2; exit 1; }
curl -fsS --max-time 10 -X PATCH "$base/api/settings" -H "Authorization: $admin" \
  -H 'content-type: application/json' -d '{"rateLimits":{"enabled":false}}' >/dev/null
if [ "${REQUEST_LOGS:-on}" = "off" ]; then
  curl -fsS --max-time 10 -X PATCH "$base/api/settings" -H "Authorization: $admin" \
    -H 'content-type: application/json' -d '{"logs":{"maxDays":0}}' >/dev/null
fi

echo "== log in $VIEWERS users"
export base
export -f token
# shellcheck disable=SC2016 # $1 is expanded by the inner bash
seq 1 "$VIEWERS" | xargs -P 4 -I{} bash -c 'token /api/collections/users/auth-with-password "$(printf "user%04d" "$1")" password123' _ {} >"$work/tokens"
logged_in=$(grep -c . "$work/tokens" || true)
[ "$logged_in" = "$VIEWERS" ] || { echo "only $logged_in of $VIEWERS logins worked" >&2; head -c 600 "$work/tokens" >&2; tail -5 "$work/server.log" >&2; exit 1; }

path=${ROUTE_PATH:-"/api/todomate/feed?date=$DAY"}
sample=$(curl -fs --max-time 10 "$base$path" -H "Authorization: $(head -1 "$work/tokens")")
case "$path:$sample" in
  /api/todomate/feed*:*'"items":[{"user":'*) ;;
  /api/todomate/feed*) echo "the feed of the first viewer is empty or wrong: $sample" >&2; exit 1 ;;
esac

echo "== wrk: $CONNECTIONS connections, $DURATION, $VIEWERS users in turn, GET $path${NO_CACHE:+ (Cache-Control: no-cache)}, server on $SERVER_PROCS of $(nproc) cores"
# a short warm-up first, not counted
TOKENS="$work/tokens" FEED_PATH="$path" wrk -t "$THREADS" -c "$CONNECTIONS" -d 3s \
  -s bench/rotate_tokens.lua "$base" >/dev/null
# server_cpu_ticks: CPU time the server has used (user + system), in clock ticks
server_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
cpu_before=$(server_cpu_ticks)
# a 10 s timeout keeps slow answers in the latency figures instead of
# counting them as socket errors (wrk's default is 2 s)
TOKENS="$work/tokens" FEED_PATH="$path" wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --timeout 10s \
  -s bench/rotate_tokens.lua "$base" | tee "$work/wrk.out"
cpu_after=$(server_cpu_ticks)

# on a shared machine req/s depends on who else runs; the server's own CPU
# time per request does not, much
requests=$(sed -n 's/^requests \([0-9]*\) in.*/\1/p' "$work/wrk.out")
awk -v ticks=$((cpu_after - cpu_before)) -v hz="$(getconf CLK_TCK)" -v n="${requests:-0}" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
  'BEGIN { if (n > 0) printf "server CPU %.2f ms per request (load average %s on %d cores)\n", ticks / hz * 1000 / n, load, '"$(nproc)"' }'

failed=$(sed -n 's/^failed \([0-9]*\)$/\1/p' "$work/wrk.out")
if [ "${failed:-1}" != "0" ]; then
  echo "FAIL: $failed requests were not 2xx or did not complete" >&2
  exit 1
fi

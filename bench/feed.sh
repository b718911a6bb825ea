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
#                                  SERVER_PROCS=nproc-1 SERVER_NICE;
#                                  NO_CACHE=1 asks for every feed from the
#                                  database (Cache-Control: no-cache);
#                                  REQUEST_LOGS=off turns off PocketBase's
#                                  request log;
#                                  ROUTE_PATH=/api/todomate/friends loads
#                                  another GET route the same way)
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3
# shellcheck source=bench/lib.sh
source bench/lib.sh

DURATION=${DURATION:-20s}
VIEWERS=${VIEWERS:-200}
USERS=${USERS:-1000}
DAY=2026-11-24 # the seeded community's last day: every friend has a day there

bench_tools
bench_start feed "$USERS" "$DAY"

echo "== log in $VIEWERS users"
seq -f 'user%04g' 1 "$VIEWERS" | login_users "$work/tokens"

path=${ROUTE_PATH:-"/api/todomate/feed?date=$DAY"}
sample=$(curl -fs --max-time 10 "$base$path" -H "Authorization: $(head -1 "$work/tokens")")
case "$path:$sample" in
  /api/todomate/feed*:*'"items":[{"user":'*) ;;
  /api/todomate/feed*) echo "the feed of the first viewer is empty or wrong: $sample" >&2; exit 1 ;;
esac

echo "== wrk: $CONNECTIONS connections, $DURATION, $VIEWERS users in turn, GET $path${NO_CACHE:+ (Cache-Control: no-cache)}, server on $SERVER_PROCS of $(nproc) cores"
bench_wrk "$work/wrk.out" "$work/tokens" "$path" "$DURATION"
if [ "$bench_requests" -gt 0 ]; then
  printf 'server CPU %.2f ms per request (load average %s on %d cores)\n' "$bench_cpu_ms" "$bench_load" "$(nproc)"
fi
bench_fail_on_errors

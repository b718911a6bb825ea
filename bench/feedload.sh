#!/usr/bin/env bash
# The feed read from the database, against a hand-written server (issue 15).
# Seeds USERS users into a fresh data dir, then runs in one session, one
# after the other on the same data:
#   reference   bench/refserver: net/http + database/sql, the same SQL
#               (routes.FeedSQL), the same auth work (the JWT checked
#               against the user's row, read per request), the same answer
#   uncached    todomate, every feed from the database (Cache-Control: no-cache)
#   cached      todomate, feeds kept until something in them changes
# each with wrk, CONNECTIONS connections for DURATION, every request as the
# next of VIEWERS users and the next of the 30 days (so that almost every
# request is a viewer-day not asked before), and prints req/s, p50, p99,
# server CPU per request and the server's peak RSS during the run.
#
# Usage: bench/feedload.sh   (knobs: USERS=1000 VIEWERS=200 DURATION=20s
#                             CONNECTIONS=64 SERVER_PROCS=nproc-1; the
#                             server's limits: TODOMATE_DB_CONNS,
#                             TODOMATE_DB_CACHE_MB, TODOMATE_FEED_CACHE_MB)
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3
# shellcheck source=bench/lib.sh
source bench/lib.sh

DURATION=${DURATION:-20s}
VIEWERS=${VIEWERS:-200}
USERS=${USERS:-1000}
DAY=2026-11-24 # the seeded community's last day

ref_pid=""
bench_before_stop() {
  if [ -n "$ref_pid" ]; then
    kill "$ref_pid" 2>/dev/null || true
    wait "$ref_pid" 2>/dev/null || true
  fi
  server_pid=$todomate_pid
}

bench_tools
bench_start feedload "$USERS" "$DAY"
todomate_pid=$server_pid todomate_base=$base

echo "== log in $VIEWERS users"
seq -f 'user%04g' 1 "$VIEWERS" | login_users "$work/tokens"
DATES=$(for i in $(seq 0 29); do date -u -d "$DAY -$i day" +%F; done | paste -sd, -)
export DATES

echo "== build and start the reference"
go build -trimpath -o "$work/refserver" ./bench/refserver
ref_port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
ref_base="http://127.0.0.1:$ref_port"
GOMAXPROCS=$SERVER_PROCS "$work/refserver" -db "$work/pb_data/data.db" -http "127.0.0.1:$ref_port" >"$work/ref.log" 2>&1 &
ref_pid=$!
for _ in $(seq 1 50); do curl -fs --max-time 1 "$ref_base/api/health" >/dev/null 2>&1 && break; sleep 0.2; done

# the two answer alike, for a few viewers and days
for n in 1 2 3; do
  tok=$(sed -n "${n}p" "$work/tokens")
  day=$(cut -d, -f"$n" <<<"$DATES")
  a=$(curl -fs "$todomate_base/api/todomate/feed?date=$day" -H "Authorization: $tok" | json 'JSON.stringify(j)')
  b=$(curl -fs "$ref_base/api/todomate/feed?date=$day" -H "Authorization: $tok" | json 'JSON.stringify(j)')
  [ "$a" = "$b" ] || { echo "the reference answers otherwise for viewer $n on $day:" >&2; echo "$a" | head -c 400 >&2; echo >&2; echo "$b" | head -c 400 >&2; exit 1; }
done
echo "the reference answers as todomate does"

# peak_rss PID OUT: samples VmRSS of PID until killed, the peak (MiB) in OUT
peak_rss() {
  local peak=0 rss
  while rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$1/status" 2>/dev/null); do
    [ "$rss" -gt "$peak" ] && peak=$rss && echo "$peak" >"$2"
    sleep 0.2
  done
}

results=()
run() {
  local name=$1 url=$2 pid=$3 sampler
  echo "== $name: wrk $CONNECTIONS connections, $DURATION, $VIEWERS users x 30 days"
  base=$url server_pid=$pid
  peak_rss "$pid" "$work/rss.$name" &
  sampler=$!
  bench_wrk "$work/wrk.$name" "$work/tokens" "/api/todomate/feed?date=" "$DURATION"
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  bench_fail_on_errors
  results+=("$(printf '%-10s %8s req/s  p50 %8s ms  p99 %8s ms  cpu %6.2f ms/req  peak RSS %5s MiB' \
    "$name" "$bench_rps" "$bench_p50" "$bench_p99" "$bench_cpu_ms" "$(cat "$work/rss.$name")")")
}

run reference "$ref_base" "$ref_pid"
NO_CACHE=1 run uncached "$todomate_base" "$todomate_pid"
run cached "$todomate_base" "$todomate_pid"
base=$todomate_base server_pid=$todomate_pid

echo
echo "== $USERS users, $(nproc) cores, servers on $SERVER_PROCS"
printf '%s\n' "${results[@]}"

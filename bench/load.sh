#!/usr/bin/env bash
# Issue 15's loads in one session, on one seeded community, with the
# server's peak RSS through each: what todomate serves, and what it costs
# next to a hand-written server and to stock PocketBase.
#
#   feed      GET /api/todomate/feed?date=D for VIEWERS users x 30 days, so
#             that almost every request is a viewer-day not asked before:
#               reference  bench/refserver: net/http + database/sql, the same
#                          SQL (routes.FeedSQL), the same auth work (the JWT
#                          checked against the user's row, read per
#                          request), the same answer (checked first)
#               uncached   todomate, every feed from the database
#                          (Cache-Control: no-cache); ROUNDS rounds of
#                          both in turns, the median of the ratios
#               cached     todomate, feeds kept until something in them changes
#   myday     GET the viewer's own day through the records API, as the web
#             app lists it, on todomate and on stock PocketBase
#             (bench/stockserver: todomate's collections and data, no
#             todomate code) with the owner-only rule `user = @request.auth.id`;
#             ROUNDS rounds in turns, the median of todomate/stock CPU per
#             request (target: 1.2x at most)
#   creates   POST a todo of the viewer's, in turns on both servers the same way
#   realtime  SUBSCRIBERS signed-in users subscribed to todos/* on todomate
#             (bench/subscribers), while todomate takes creates
#
# each run wrk with CONNECTIONS connections for DURATION after a 3 s warm-up;
# printed: req/s, p50, p99, the server's CPU time per request, and its peak
# RSS during the run. todomate's peak over every run is the figure for the
# 512 MB VM (issue 15: under 200 MiB at 1,000 users, 450 MiB at 10,000).
#
# BEFORE=<git ref> adds that commit's todomate to the myday and creates
# turns (its own copy of the data; it must know the migrations' schema).
# PROFILE=DIR writes todomate's CPU profile of 10 s of the uncached feed and
# its heap after it to DIR (cpu.pprof, heap.pprof) and prints their tops
# (the server's TODOMATE_PPROF_ADDR, on loopback).
#
# Usage: bench/load.sh   (knobs: USERS=1000 VIEWERS=200 SUBSCRIBERS=1000
#                         DURATION=10s ROUNDS=3 PHASES="feed myday creates
#                         realtime" CONNECTIONS=64 SERVER_PROCS=nproc-1
#                         BEFORE PROFILE; the server's limits:
#                         TODOMATE_DB_CONNS, TODOMATE_DB_CACHE_MB,
#                         TODOMATE_FEED_CACHE_MB, GOMEMLIMIT)
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3
# shellcheck source=bench/lib.sh
source bench/lib.sh

DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
VIEWERS=${VIEWERS:-200}
USERS=${USERS:-1000}
SUBSCRIBERS=${SUBSCRIBERS:-1000}
PHASES=${PHASES:-feed myday creates realtime}
DAY=2026-11-24 # the seeded community's last day
OWNER_ONLY_RULE='user = @request.auth.id'

has_phase() { [[ " $PHASES " == *" $1 "* ]]; }
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# the other servers: name -> pid and base URL
declare -A pids bases
bench_before_stop() {
  local name
  for name in "${!pids[@]}"; do
    [ "$name" = todomate ] && continue
    kill "${pids[$name]}" 2>/dev/null || true
    wait "${pids[$name]}" 2>/dev/null || true
  done
  server_pid=${pids[todomate]:-$server_pid}
}
# before todomate starts: copies of the seeded data for the other servers
bench_after_seed() {
  cp -r "$work/pb_data" "$work/stock_data"
  if [ -n "${BEFORE:-}" ]; then cp -r "$work/pb_data" "$work/before_data"; fi
}

bench_tools
if [ -n "${PROFILE:-}" ]; then
  mkdir -p "$PROFILE"
  TODOMATE_PPROF_ADDR=127.0.0.1:$(free_port)
  export TODOMATE_PPROF_ADDR
fi
bench_start load "$USERS" "$DAY"
pids[todomate]=$server_pid bases[todomate]=$base
todomate_base=$base

# start_server NAME BINARY DIR: serves DIR with BINARY on a free port, rate
# limiter off (the superuser $admin logs in on each copy)
start_server() {
  local name=$1 binary=$2 dir=$3 port token
  port=$(free_port)
  GOMAXPROCS=$SERVER_PROCS "$binary" serve --dev=false --http "127.0.0.1:$port" --dir "$dir" >"$work/$name.log" 2>&1 &
  pids[$name]=$!
  bases[$name]="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do curl -fs --max-time 1 "${bases[$name]}/api/health" >/dev/null 2>&1 && break; sleep 0.2; done
  base=${bases[$name]} token=$(token /api/collections/_superusers/auth-with-password bench@example.com bench-password-123)
  [ -n "$token" ] || { echo "$name did not start:" >&2; cat "$work/$name.log" >&2; exit 1; }
  curl -fsS --max-time 10 -X PATCH "${bases[$name]}/api/settings" -H "Authorization: $token" \
    -H 'content-type: application/json' -d '{"rateLimits":{"enabled":false}}' >/dev/null
  stock_admin=$token
}

echo "== log in $VIEWERS users"
base=$todomate_base
seq -f 'user%04g' 1 "$VIEWERS" | login_users_with_ids "$work/tokens"
bench_dates "$DAY"

if has_phase myday || has_phase creates; then
  echo "== build and start stock PocketBase (owner-only rules)"
  go build -trimpath -o "$work/stockserver" ./bench/stockserver
  start_server stock "$work/stockserver" "$work/stock_data"
  rule=$(node -e 'console.log(JSON.stringify(process.argv[1]))' "$OWNER_ONLY_RULE")
  curl -fsS --max-time 10 -X PATCH "${bases[stock]}/api/collections/todos" -H "Authorization: $stock_admin" \
    -H 'content-type: application/json' -d "{\"listRule\":$rule,\"viewRule\":$rule,\"createRule\":$rule}" >/dev/null
  if [ -n "${BEFORE:-}" ]; then
    echo "== build and start todomate at $BEFORE"
    git worktree add --detach "$work/before_src" "$BEFORE" >/dev/null 2>&1
    (cd "$work/before_src" && scripts/build.sh "$work/before" >/dev/null)
    git worktree remove --force "$work/before_src"
    start_server before "$work/before" "$work/before_data"
  fi
fi

# peak_rss PID OUT: samples VmRSS of PID until killed, the peak (MiB) in OUT
peak_rss() {
  local peak=0 rss
  echo 0 >"$2"
  while rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$1/status" 2>/dev/null); do
    [ "$rss" -gt "$peak" ] && peak=$rss && echo "$peak" >"$2"
    sleep 0.2
  done
}

todomate_peak=0
results=()
# run LABEL SERVER PATH: one measured run on SERVER, its line in results
# and its CPU per request in $work/cpu.LABEL (METHOD, BODY and NO_CACHE
# pass through to wrk's script)
run() {
  local label=$1 name=$2 path=$3 sampler rss profiler=""
  echo "== $label: wrk $CONNECTIONS connections, $DURATION"
  base=${bases[$name]} server_pid=${pids[$name]}
  peak_rss "$server_pid" "$work/rss.$label" &
  sampler=$!
  if [ -n "${PROFILE:-}" ] && [ "$label" = "feed uncached 1" ]; then
    # from after wrk's 3 s warm-up
    (sleep 4 && curl -fsS -o "$PROFILE/cpu.pprof" "http://$TODOMATE_PPROF_ADDR/debug/pprof/profile?seconds=10") &
    profiler=$!
  fi
  bench_wrk "$work/wrk.run" "$work/tokens" "$path" "$DURATION" >/dev/null
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  if [ -n "$profiler" ]; then
    wait "$profiler"
    curl -fsS -o "$PROFILE/heap.pprof" "http://$TODOMATE_PPROF_ADDR/debug/pprof/heap"
  fi
  bench_fail_on_errors
  rss=$(cat "$work/rss.$label")
  if [ "$name" = todomate ] && [ "$rss" -gt "$todomate_peak" ]; then todomate_peak=$rss; fi
  echo "$bench_cpu_ms" >"$work/cpu.$label"
  echo "$bench_rps" >"$work/rps.$label"
  results+=("$(printf '%-24s %6s req/s  p50 %8s ms  p99 %8s ms  cpu %5.2f ms/req  peak RSS %4s MiB' \
    "$label" "$bench_rps" "$bench_p50" "$bench_p99" "$bench_cpu_ms" "$rss")")
  tail -1 <<<"${results[-1]}"
}

# ratio A B [FIGURE]: A / B of two runs' CPU per request (or FIGURE: rps),
# to two places
ratio() { awk -v a="$(cat "$work/${3:-cpu}.$1")" -v b="$(cat "$work/${3:-cpu}.$2")" 'BEGIN { printf "%.2f", a / b }'; }
# median of the numbers given
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2 }'; }
summary=()

if has_phase feed; then
  echo "== build and start the reference"
  go build -trimpath -o "$work/refserver" ./bench/refserver
  ref_port=$(free_port)
  GOMAXPROCS=$SERVER_PROCS "$work/refserver" -db "$work/pb_data/data.db" -http "127.0.0.1:$ref_port" >"$work/ref.log" 2>&1 &
  pids[reference]=$! bases[reference]="http://127.0.0.1:$ref_port"
  for _ in $(seq 1 50); do curl -fs --max-time 1 "${bases[reference]}/api/health" >/dev/null 2>&1 && break; sleep 0.2; done

  # the two answer alike, for a few viewers and days
  for n in 1 2 3; do
    tok=$(sed -n "${n}p" "$work/tokens" | cut -d' ' -f1)
    day=$(cut -d, -f"$n" <<<"$DATES")
    a=$(curl -fs "$todomate_base/api/todomate/feed?date=$day" -H "Authorization: $tok" | json 'JSON.stringify(j)')
    b=$(curl -fs "${bases[reference]}/api/todomate/feed?date=$day" -H "Authorization: $tok" | json 'JSON.stringify(j)')
    [ "$a" = "$b" ] || { echo "the reference answers otherwise for viewer $n on $day:" >&2; echo "$a" | head -c 400 >&2; echo >&2; echo "$b" | head -c 400 >&2; exit 1; }
  done
  echo "the reference answers as todomate does"

  rps_ratios=() cpu_ratios=()
  for round in $(seq 1 "$ROUNDS"); do
    run "feed reference $round" reference "/api/todomate/feed?date="
    NO_CACHE=1 run "feed uncached $round" todomate "/api/todomate/feed?date="
    rps_ratios+=("$(ratio "feed uncached $round" "feed reference $round" rps)")
    cpu_ratios+=("$(ratio "feed uncached $round" "feed reference $round")")
  done
  run "feed cached" todomate "/api/todomate/feed?date="
  kill "${pids[reference]}"; wait "${pids[reference]}" 2>/dev/null || true; unset 'pids[reference]'
  summary+=("feed uncached/reference, median of $ROUNDS: req/s $(median "${rps_ratios[@]}")x (rounds ${rps_ratios[*]}), CPU per request $(median "${cpu_ratios[@]}")x (rounds ${cpu_ratios[*]}); target: req/s at least 0.80x")
fi

# turns PHASE PATH: ROUNDS rounds of todomate, stock (and before) in turns;
# the median ratios of CPU per request
turns() {
  local phase=$1 path=$2 round name stock_ratios=() before_ratios=()
  for round in $(seq 1 "$ROUNDS"); do
    for name in todomate stock ${BEFORE:+before}; do
      run "$phase $name $round" "$name" "$path"
    done
    stock_ratios+=("$(ratio "$phase todomate $round" "$phase stock $round")")
    [ -z "${BEFORE:-}" ] || before_ratios+=("$(ratio "$phase todomate $round" "$phase before $round")")
  done
  summary+=("$phase todomate/stock CPU per request, median of $ROUNDS: $(median "${stock_ratios[@]}")x (rounds ${stock_ratios[*]})")
  [ -z "${BEFORE:-}" ] || summary+=("$phase todomate/before CPU per request, median of $ROUNDS: $(median "${before_ratios[@]}")x (rounds ${before_ratios[*]})")
}

# (the placeholders stay as they are for wrk's script)
# shellcheck disable=SC2016 # $1 is the JavaScript regexp's group
my_day="/api/collections/todos/records?perPage=500&skipTotal=1&sort=sort,created&filter=$(node -e 'console.log(encodeURIComponent(process.argv[1]).replace(/%7B(user|date)%7D/g, "{$1}"))' "user='{user}' && date='{date}'")"
create_body='{"user":"{user}","date":"{date}","contents":"a todo of the load","sort":0}'
has_phase myday && turns myday "$my_day"
has_phase creates && METHOD=POST BODY=$create_body turns creates /api/collections/todos/records

if has_phase realtime; then
  echo "== $SUBSCRIBERS subscribers on todomate"
  go build -trimpath -o "$work/subscribers" ./bench/subscribers
  # tokens of the first SUBSCRIBERS users, without a password hash each
  base=$todomate_base
  node -e '
const [base, admin, n] = process.argv.slice(1)
const call = async (path, init = {}) => {
  const res = await fetch(base + path, { ...init, headers: { Authorization: admin, "Content-Type": "application/json" } })
  if (!res.ok) throw new Error(path + ": " + res.status + " " + await res.text())
  return res.json()
}
;(async () => {
  const { items } = await call("/api/collections/users/records?perPage=" + n + "&sort=username&fields=id&skipTotal=1")
  const tokens = []
  for (let i = 0; i < items.length; i += 8) {
    tokens.push(...await Promise.all(items.slice(i, i + 8).map(u =>
      call("/api/collections/users/impersonate/" + u.id + "?fields=token", { method: "POST", body: "{\"duration\":3600}" }).then(r => r.token))))
  }
  console.log(tokens.join("\n"))
})().catch(e => { console.error(e.message); process.exit(1) })' "$base" "$admin" "$SUBSCRIBERS" >"$work/subscriber.tokens"
  "$work/subscribers" -base "$base" -tokens "$work/subscriber.tokens" -n "$SUBSCRIBERS" >"$work/subscribers.out" 2>&1 &
  subscribers_pid=$!
  until grep -q '^connected' "$work/subscribers.out"; do
    kill -0 "$subscribers_pid" 2>/dev/null || { echo "the subscribers stopped:" >&2; cat "$work/subscribers.out" >&2; exit 1; }
    sleep 0.2
  done
  METHOD=POST BODY=$create_body run "creates, $SUBSCRIBERS subscribed" todomate /api/collections/todos/records
  kill "$subscribers_pid"
  wait "$subscribers_pid" || { echo "the subscribers failed:" >&2; cat "$work/subscribers.out" >&2; exit 1; }
  summary+=("realtime: $(grep '^events' "$work/subscribers.out") delivered to $SUBSCRIBERS subscribers")
fi

base=$todomate_base server_pid=${pids[todomate]}
echo
echo "== $USERS users, $(nproc) cores, servers on $SERVER_PROCS; todomate's limits: the defaults (docs/operations.md)$(env | grep -E '^(TODOMATE_(DB|FEED|REALTIME)_|GOMEMLIMIT=)' | sort | sed 's/^/, /' | tr -d '\n')"
printf '%s\n' "${results[@]}"
printf '%s\n' "${summary[@]}"
echo "todomate's peak RSS over every run: $todomate_peak MiB"

if [ -n "${PROFILE:-}" ] && [ -f "$PROFILE/cpu.pprof" ]; then
  echo
  echo "== the uncached feed's CPU profile ($PROFILE/cpu.pprof), cumulative"
  go tool pprof -top -cum -nodecount 45 "$work/todomate" "$PROFILE/cpu.pprof" 2>/dev/null | sed -n '1,52p'
  echo "== its heap in use after the run ($PROFILE/heap.pprof)"
  go tool pprof -top -sample_index=inuse_space -nodecount 15 "$work/todomate" "$PROFILE/heap.pprof" 2>/dev/null | sed -n '1,22p'
  cp "$work/todomate" "$PROFILE/todomate"
fi

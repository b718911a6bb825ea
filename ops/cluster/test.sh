#!/usr/bin/env bash
# Issue 19's test: todomate on a 3-node LiteFS cluster (node 1 the primary,
# nodes 2 and 3 read replicas) behind nginx, all on loopback. Builds the
# binary, starts the cluster (ops/cluster/cluster.sh), seeds a community on
# the primary, starts todomate on each node (the primary first), puts nginx
# in front (deploy/nginx/todomate-proxy.conf unchanged, an upstream of the
# three nodes, round robin) and checks, one "ok N" line each:
#   1. a write through each node and through nginx lands exactly once
#   2. replication lag to each replica over 30 writes: median, max < 1 s
#   3. read-your-writes on the replica written through, and on another
#      replica with the write's X-Todomate-Txid
#   4. a friend's new todo shows in a replica's kept feed once the replica
#      has it, not after the cache's 60 s
#   5. the SDK privacy suites (e2e/) against each replica and nginx
#   6. realtime through nginx: SSE subscribers get a todo written via a replica
#   7. the primary restarting (todomate and LiteFS): replicas read, refuse
#      writes with 503, and take writes again once it is back
#   8. feed req/s: node 1 alone vs nginx over the three (measured, not asserted)
# Everything started is stopped and unmounted on exit; every wait is bounded.
#
# Usage: ops/cluster/test.sh
# Knobs: CLUSTER_USERS=200 (seeded users), CLUSTER_BENCH_DURATION=10s,
#   CLUSTER_E2E_FULL=1 (both privacy files on every node; longer),
#   CLUSTER_KEEP=1 (keep the temp dir), TODOMATE_CLUSTER_REPORT=FILE (the
#   measured numbers are written there too).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"
export GOTOOLCHAIN=go1.27.3

users=${CLUSTER_USERS:-200}
bench_duration=${CLUSTER_BENCH_DURATION:-10s}
seed_day=2026-11-24 # the seeded community's last day
day=2026-11-25      # the test users' todos
started=$SECONDS

work=$(mktemp -d -t todomate-cluster-XXXXXX)
cluster_dir=$work/cluster
mkdir -p "$work/http" "$work/nginx/temp"
declare -A todomate_pids=()
nginx_pid=""
sse_pids=()
passed=0
failed=0
check=0
report_lines=()

# -- plumbing ------------------------------------------------------------------

# stop_pid PID: SIGTERM, SIGKILL after 15 s, then reaps it.
stop_pid() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# mounted_any: whether a FUSE mount under $work is still in the mount table
mounted_any() { awk -v w="$work/" 'index($5, w) == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; }

# shellcheck disable=SC2317 # called by the trap
cleanup() {
  local status=$? pid n
  trap - EXIT INT TERM
  for pid in "${sse_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -z "$nginx_pid" ] || stop_pid "$nginx_pid"
  for n in "${!todomate_pids[@]}"; do stop_pid "${todomate_pids[$n]}"; done
  "$here/cluster.sh" stop "$cluster_dir" >/dev/null || status=1
  if mounted_any; then
    echo "cluster-test: something under $work is still mounted; leaving it" >&2
    status=1
  elif [ -n "${CLUSTER_KEEP:-}" ]; then
    echo "cluster-test: kept $work"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM # exit, so that the EXIT trap cleans up

# show_logs: the end of every log, and each node's failed requests from
# PocketBase's logs table (auxiliary.db, local to each node)
show_logs() {
  local n dir
  for n in 1 2 3; do
    dir=$cluster_dir/node$n
    if [ -f "$dir/todomate.log" ]; then
      echo "--- node $n: todomate.log (last 15 lines)"
      tail -n 15 "$dir/todomate.log"
    fi
    if [ -f "$dir/litefs.log" ]; then
      echo "--- node $n: litefs.log (last 15 lines)"
      tail -n 15 "$dir/litefs.log"
    fi
    if [ -f "$dir/local/auxiliary.db" ] && command -v sqlite3 >/dev/null 2>&1; then
      # (not the requests wrk drops when it stops: "context canceled",
      # "broken pipe")
      echo "--- node $n: errors and 4xx/5xx in auxiliary.db _logs (newest 10)"
      timeout 10 sqlite3 -readonly "$dir/local/auxiliary.db" \
        "SELECT created, message, json_extract(data, '$.status'), json_extract(data, '$.error'),
           json_extract(data, '$.details')
         FROM _logs WHERE (level > 0 OR json_extract(data, '$.status') >= 400)
           AND coalesce(json_extract(data, '$.details'), '') NOT LIKE '%context canceled%'
           AND coalesce(json_extract(data, '$.error'), '') NOT LIKE '%broken pipe%'
         ORDER BY created DESC LIMIT 10" || true
    fi
  done
  if [ -f "$work/nginx/error.log" ]; then
    echo "--- nginx error.log (last 10 lines)"
    tail -n 10 "$work/nginx/error.log"
  fi
} >&2

ok() {
  check=$((check + 1)) passed=$((passed + 1))
  echo "ok $check - $*"
}
not_ok() {
  check=$((check + 1)) failed=$((failed + 1))
  echo "not ok $check - $*"
}
# die MESSAGE: a failure the rest cannot run after
die() {
  echo "FAIL - $*" >&2
  show_logs
  echo "cluster-test: $passed passed, $((failed + 1)) failed"
  exit 1
}
# report LINE: a measured number, printed and kept for TODOMATE_CLUSTER_REPORT
report() {
  echo "   $*"
  report_lines+=("$*")
}

# http NAME METHOD URL [curl args]: the body goes to $work/http/NAME.json,
# the headers to NAME.headers; prints the status (000: no answer)
http() {
  local name=$1 method=$2 url=$3
  shift 3
  curl -sS --max-time 20 -o "$work/http/$name.json" -D "$work/http/$name.headers" \
    -w '%{http_code}' -X "$method" "$@" "$url" 2>"$work/http/$name.err" || true
}
body() { cat "$work/http/$1.json" 2>/dev/null; }
# jget NAME PATH: the value at PATH (a.b.0) of NAME's JSON body
jget() { node "$here/probe.mjs" get "$2" <"$work/http/$1.json"; }
# record_id NAME: the id of the record NAME's answer is (sed, not node: it is
# on the clock in some checks)
record_id() { sed -n 's/.*"id":"\([a-z0-9]*\)".*/\1/p' "$work/http/$1.json"; }
# txid_of NAME: the X-Todomate-Txid of NAME's answer
txid_of() { sed -n 's/^x-todomate-txid: *\([0-9a-fA-F]*\).*/\1/Ip' "$work/http/$1.headers"; }
now_ms() { date +%s%3N; }

# post_todo NAME BASE TOKEN CONTENTS [curl args]: creates a todo; prints the status
post_todo() {
  local name=$1 base=$2 token=$3 contents=$4
  shift 4
  http "$name" POST "$base/api/collections/todos/records" -H "Authorization: $token" \
    -H 'content-type: application/json' -d "{\"contents\":\"$contents\",\"date\":\"$day\"}" "$@"
}

# count_on_primary NAME TOKEN CONTENTS: sets counted to how many todos with
# CONTENTS the primary lists (TOKEN's user's), counted_ids to their ids
counted="" counted_ids=""
count_on_primary() {
  local name=$1 token=$2 contents=$3 status
  counted="" counted_ids=""
  status=$(http "$name" GET "$node1/api/collections/todos/records" -G -H "Authorization: $token" \
    --data-urlencode "filter=contents = \"$contents\"" --data-urlencode "fields=id")
  if [ "$status" != 200 ]; then
    counted="? (the primary answered $status $(body "$name"))"
    return 0
  fi
  counted=$(jget "$name" totalItems)
  counted_ids=$(jget "$name" items | node -e 'let s = "";
    process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).map((i) => i.id).join(" ")))')
}

# visible_within NAME BASE TOKEN ID SECONDS: polls GET of todo ID on BASE
# until 200; returns 1 after SECONDS
visible_within() {
  local name=$1 base=$2 token=$3 id=$4 deadline=$(($(now_ms) + $5 * 1000))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    [ "$(http "$name" GET "$base/api/collections/todos/records/$id" -H "Authorization: $token")" = 200 ] && return 0
    sleep 0.02
  done
  return 1
}

# start_todomate N: todomate on node N (data.db on its mount, the rest in
# nodeN/local), waits up to 60 s for its health check
start_todomate() {
  local n=$1 mount_var dir url pid deadline
  mount_var=NODE${n}_MOUNT
  dir=$cluster_dir/node$n
  url=http://127.0.0.1:$((app_base + n))
  TODOMATE_LITEFS_MOUNT=${!mount_var} "$bin" serve --http "127.0.0.1:$((app_base + n))" --dir "$dir/local" \
    >>"$dir/todomate.log" 2>&1 &
  pid=$!
  todomate_pids[$n]=$pid
  deadline=$((SECONDS + 60))
  until curl -fs --max-time 2 -o /dev/null "$url/api/health"; do
    kill -0 "$pid" 2>/dev/null || die "todomate on node $n exited while starting"
    [ "$SECONDS" -lt "$deadline" ] || die "todomate on node $n did not answer $url/api/health within 60 s"
    sleep 0.1
  done
}

stop_todomate() {
  stop_pid "${todomate_pids[$1]}"
  unset "todomate_pids[$1]"
}

# wait_for FILE PATTERN SECONDS: waits for PATTERN (grep -E) in FILE
wait_for() {
  local deadline=$((SECONDS + $3))
  until grep -qE "$2" "$1" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}

# -- setup ---------------------------------------------------------------------

nginx=$(command -v nginx || echo /usr/sbin/nginx) # sbin is not on every PATH
for tool in node curl "$nginx"; do
  command -v "$tool" >/dev/null 2>&1 || die "missing $tool (scripts/deps.sh installs what the suites need)"
done
if ! command -v wrk >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || die "missing wrk: run 'sudo apt-get install -y wrk' and try again"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if [ ! -d e2e/node_modules/pocketbase ]; then
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

# Built outside the temp dir: PocketBase takes a binary under it for `go run`
# and switches to dev mode. bin/ is git-ignored.
echo "== build"
bin=$repo/bin/cluster-test/todomate
scripts/build.sh "$bin" >/dev/null

read -r app_base http_base misc_base <<<"$(node "$here/probe.mjs" ports 3)"
export LITEFS_APP_PORT_BASE=$app_base LITEFS_HTTP_PORT_BASE=$http_base
nginx_port=$((misc_base + 1))
node1=http://127.0.0.1:$((app_base + 1))
node2=http://127.0.0.1:$((app_base + 2))
node3=http://127.0.0.1:$((app_base + 3))
front=http://127.0.0.1:$nginx_port

echo "== LiteFS cluster in $cluster_dir (LiteFS API ports $((http_base + 1))-$((http_base + 3)))"
"$here/cluster.sh" start "$cluster_dir" || die "the LiteFS cluster did not start"
# shellcheck source=/dev/null # written by cluster.sh start
source "$cluster_dir/cluster.env"

echo "== seed $users users on the primary, then todomate on node 1, 2, 3 ($node1 .. $node3)"
admin_email=cluster-admin@example.com
admin_password=cluster-$RANDOM$RANDOM-password
for n in 1 2 3; do mkdir -p "$cluster_dir/node$n/local"; done
TODOMATE_LITEFS_MOUNT=$NODE1_MOUNT "$bin" superuser upsert "$admin_email" "$admin_password" \
  --dir "$cluster_dir/node1/local" >/dev/null || die "superuser upsert on node 1"
TODOMATE_LITEFS_MOUNT=$NODE1_MOUNT "$bin" seed --dir "$cluster_dir/node1/local" --users "$users" \
  --end-day "$seed_day" --seed 1 >"$work/seed.out" 2>&1 || { cat "$work/seed.out" >&2; die "seed on node 1"; }
grep '^Seeded' "$work/seed.out" || true
for n in 1 2 3; do start_todomate "$n"; done

echo "== nginx on $front: upstream todomate = nodes 1, 2, 3 (round robin)"
# as root, nginx's workers would switch to "nobody", who cannot write here
user_line=""
[ "$(id -u)" != 0 ] || user_line="user root root;"
# one worker: round robin then takes the nodes strictly in turn
cat >"$work/nginx/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log info;
events { worker_connections 1024; }
http {
    log_format upstream '\$remote_addr "\$request" \$status upstream=\$upstream_addr';
    access_log $work/nginx/access.log upstream;
    client_body_temp_path $work/nginx/temp/body;
    proxy_temp_path $work/nginx/temp/proxy;
    fastcgi_temp_path $work/nginx/temp/fastcgi;
    uwsgi_temp_path $work/nginx/temp/uwsgi;
    scgi_temp_path $work/nginx/temp/scgi;
    upstream todomate {
        server 127.0.0.1:$((app_base + 1));
        server 127.0.0.1:$((app_base + 2));
        server 127.0.0.1:$((app_base + 3));
        keepalive 16; # as deploy/nginx/todomate.conf
    }
    server {
        listen 127.0.0.1:$nginx_port;
        include $repo/deploy/nginx/todomate-proxy.conf;
    }
}
EOF
nginx_args=(-e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf")
"$nginx" "${nginx_args[@]}" -t 2>"$work/nginx/t.log" || { cat "$work/nginx/t.log" >&2; die "nginx -t"; }
"$nginx" "${nginx_args[@]}" -g "daemon off;" &
nginx_pid=$!
deadline=$((SECONDS + 10))
until curl -fs --max-time 2 -o /dev/null "$front/api/health"; do
  [ "$SECONDS" -lt "$deadline" ] || die "nginx did not answer on $front within 10 s"
  sleep 0.1
done

# the rate limiter off (every request here comes from one address); each
# replica reloads the settings when it sees them change
status=$(http admin POST "$node1/api/collections/_superusers/auth-with-password" -H 'content-type: application/json' \
  -d "{\"identity\":\"$admin_email\",\"password\":\"$admin_password\"}")
[ "$status" = 200 ] || die "superuser login on node 1: $status $(body admin)"
admin=$(jget admin token)
status=$(http settings PATCH "$node1/api/settings" -H "Authorization: $admin" -H 'content-type: application/json' \
  -d '{"rateLimits":{"enabled":false}}')
[ "$status" = 200 ] || die "PATCH /api/settings: $status $(body settings)"
for n in 2 3; do
  url=http://127.0.0.1:$((app_base + n))
  deadline=$((SECONDS + 5))
  until [ "$(http settings$n GET "$url/api/settings" -H "Authorization: $admin")" = 200 ] &&
    [ "$(jget "settings$n" rateLimits.enabled)" = false ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "node $n still has the rate limiter on 5 s after the primary's settings changed: $(body "settings$n")"
    sleep 0.05
  done
done

# sign_up NAME: a user signed up and logged in on the primary; sets
# <NAME>_token and <NAME>_id
alice_token="" alice_id="" bob_token="" bob_id=""
suffix=$(node -e 'console.log(require("crypto").randomBytes(4).toString("hex"))')
sign_up() {
  local name=$1 username=${1}_$suffix status
  status=$(http "signup-$name" POST "$node1/api/collections/users/records" -H 'content-type: application/json' \
    -d "{\"username\":\"$username\",\"email\":\"$username@example.com\",\"password\":\"password123\",\"passwordConfirm\":\"password123\",\"name\":\"$name\"}")
  [ "$status" = 200 ] || die "sign up $name: $status $(body "signup-$name")"
  status=$(http "login-$name" POST "$node1/api/collections/users/auth-with-password" -H 'content-type: application/json' \
    -d "{\"identity\":\"$username\",\"password\":\"password123\"}")
  [ "$status" = 200 ] || die "log in $name: $status $(body "login-$name")"
  printf -v "${name}_token" '%s' "$(jget "login-$name" token)"
  printf -v "${name}_id" '%s' "$(jget "login-$name" record.id)"
}
sign_up alice
sign_up bob
{ [ -n "$alice_token" ] && [ -n "$bob_token" ] && [ -n "$bob_id" ]; } || die "no tokens after sign-up"
# a todo of alice's that the reads during the primary's restart ask for
status=$(post_todo anchor "$node1" "$alice_token" "anchor $suffix")
anchor_id=$(record_id anchor)
{ [ "$status" = 200 ] && [ -n "$anchor_id" ]; } || die "a todo via node 1: $status $(body anchor)"

echo "== checks"

# -- 1. a write through every door lands exactly once ------------------------

for door in node1 node2 node3 nginx; do
  case $door in
    node1) url=$node1 what="node 1 (primary)" ;;
    node2) url=$node2 what="node 2 (replica)" ;;
    node3) url=$node3 what="node 3 (replica)" ;;
    nginx) url=$front what="nginx" ;;
  esac
  contents="written via $door $suffix"
  status=$(post_todo "write-$door" "$url" "$alice_token" "$contents")
  if [ "$status" != 200 ]; then
    not_ok "a write via $what: POST answered $status $(body "write-$door")"
    continue
  fi
  id=$(record_id "write-$door")
  count_on_primary "count-$door" "$alice_token" "$contents"
  served=""
  if [ "$door" = nginx ]; then
    served=" (nginx sent it to $(grep 'POST /api/collections/todos/records' "$work/nginx/access.log" | tail -n 1 | sed 's/.*upstream=//'))"
  fi
  if [ "$counted" = 1 ] && [ "$counted_ids" = "$id" ]; then
    ok "a write via $what$served lands exactly once: the primary lists todo $id once"
  else
    not_ok "a write via $what$served: the primary lists ${counted:-?} todos with its contents (ids: ${counted_ids:-none}), want exactly $id"
  fi
done

# -- 2. replication lag to each replica ----------------------------------------

if node "$here/probe.mjs" lag "$node1" "$alice_token" 30 2026-11-26 "$node2" "$node3" >"$work/lag.txt" 2>"$work/lag.err"; then
  lag_json=$(tail -n 1 "$work/lag.txt")
  lag_field() { node -e 'const r=JSON.parse(process.argv[1]);let v=r;for(const k of process.argv.slice(2))v=v[k];console.log(v.toFixed(1))' "$lag_json" "$@"; }
  lag2="median $(lag_field replicas "$node2" median) ms, max $(lag_field replicas "$node2" max) ms"
  lag3="median $(lag_field replicas "$node3" median) ms, max $(lag_field replicas "$node3" max) ms"
  lag_max=$(lag_field all max)
  report "replication lag (primary's answer to first 200 on the replica, 30 writes): node 2 $lag2; node 3 $lag3; all: median $(lag_field all median) ms, p90 $(lag_field all p90) ms, max $lag_max ms"
  if awk -v m="$lag_max" 'BEGIN { exit !(m < 1000) }'; then
    ok "30 writes on the primary are visible on both replicas within $lag_max ms (median $(lag_field all median) ms; bound 1 s)"
  else
    not_ok "replication lag over 30 writes reached $lag_max ms (bound 1 s): node 2 $lag2; node 3 $lag3"
  fi
else
  not_ok "replication lag: $(cat "$work/lag.err" "$work/lag.txt")"
fi

# -- 3. read-your-writes -------------------------------------------------------

for n in 2 3; do
  url=http://127.0.0.1:$((app_base + n))
  status=$(post_todo "ryw-$n" "$url" "$alice_token" "read your write on node $n")
  if [ "$status" != 200 ]; then
    not_ok "read-your-writes on node $n: the write answered $status $(body "ryw-$n")"
    continue
  fi
  id=$(record_id "ryw-$n")
  status=$(http "ryw-read-$n" GET "$url/api/collections/todos/records/$id" -H "Authorization: $alice_token")
  if [ "$status" = 200 ]; then
    ok "read-your-writes: a write via node $n (replica), then at once a GET on node $n with no header nor cookie: 200"
  else
    not_ok "read-your-writes: a write via node $n, then a GET of todo $id on node $n: $status $(body "ryw-read-$n")"
  fi
done

status=$(post_todo ryw-cross "$node2" "$alice_token" "read on another replica")
txid=$(txid_of ryw-cross)
if [ "$status" != 200 ] || [ -z "$txid" ]; then
  not_ok "a write via node 2: $status, X-Todomate-Txid '${txid}' $(body ryw-cross)"
else
  id=$(record_id ryw-cross)
  status=$(http ryw-cross-read GET "$node3/api/collections/todos/records/$id" -H "Authorization: $alice_token" \
    -H "X-Todomate-Txid: $txid")
  if [ "$status" = 200 ]; then
    ok "read-your-writes across replicas: a write via node 2 (X-Todomate-Txid: $txid), then a GET on node 3 with that header: 200"
  else
    not_ok "a write via node 2 (X-Todomate-Txid: $txid), then a GET of todo $id on node 3 with the header: $status $(body ryw-cross-read)"
  fi

  # a transaction no node has: node 3 waits for it (5 s), then the primary answers
  ahead=$(printf '%x' $((16#$txid + 1000000)))
  t0=$(now_ms)
  status=$(http ryw-ahead GET "$node3/api/collections/todos/records/$id" -H "Authorization: $alice_token" \
    -H "X-Todomate-Txid: $ahead")
  waited=$(($(now_ms) - t0))
  if [ "$status" = 200 ] && [ "$waited" -ge 4500 ] && [ "$waited" -lt 10000 ]; then
    ok "a GET on node 3 naming a transaction it does not have (X-Todomate-Txid: $ahead) waits ${waited} ms, then is answered (by the primary): 200"
  else
    not_ok "a GET on node 3 with X-Todomate-Txid: $ahead (not there): $status after $waited ms (want 200 after about 5 s)"
  fi
fi

# -- 4. a friend's feed on a replica, without waiting for the cache age --------

feed_day=2026-11-27
follows_ok=1
for pair in "alice $bob_id" "bob $alice_id"; do
  read -r who whom <<<"$pair"
  token_var=${who}_token
  status=$(http "follow-$who" POST "$node1/api/collections/follows/records" -H "Authorization: ${!token_var}" \
    -H 'content-type: application/json' -d "{\"following\":\"$whom\"}")
  [ "$status" = 200 ] || { not_ok "$who follows back: $status $(body "follow-$who")"; follows_ok=""; }
done
if [ -n "$follows_ok" ]; then
  status=$(http feed-first-todo POST "$node1/api/collections/todos/records" -H "Authorization: $alice_token" \
    -H 'content-type: application/json' -d "{\"contents\":\"alice's first\",\"date\":\"$feed_day\"}")
  first_id=$(record_id feed-first-todo)
  first_txid=$(txid_of feed-first-todo)
  # bob's feed on node 2, read (and kept) once it has alice's first todo
  status=$(http feed-1 GET "$node2/api/todomate/feed?date=$feed_day" -H "Authorization: $bob_token" \
    -H "X-Todomate-Txid: $first_txid")
  status2=$(http feed-2 GET "$node2/api/todomate/feed?date=$feed_day" -H "Authorization: $bob_token")
  if [ "$status" != 200 ] || [ "$status2" != 200 ] || ! grep -q "\"$first_id\"" "$work/http/feed-1.json" ||
    ! grep -q "\"$first_id\"" "$work/http/feed-2.json"; then
    not_ok "bob's feed on node 2 should show alice's todo $first_id: $status $(body feed-1) / $status2 $(body feed-2)"
  else
    t0=$(now_ms)
    status=$(http feed-new POST "$node1/api/collections/todos/records" -H "Authorization: $alice_token" \
      -H 'content-type: application/json' -d "{\"contents\":\"alice's new todo\",\"date\":\"$feed_day\"}")
    new_id=$(record_id feed-new)
    if [ "$status" != 200 ]; then
      not_ok "alice's new todo via node 1: $status $(body feed-new)"
    elif ! visible_within feed-visible "$node2" "$bob_token" "$new_id" 5; then
      not_ok "alice's new todo $new_id is not visible to bob on node 2 within 5 s"
    else
      visible_ms=$(($(now_ms) - t0))
      # A replica reads LiteFS's position every 20 ms and drops its kept
      # feeds when it moved: a feed read in the first moments after the
      # row is visible may still be the kept one. Read until it shows, 1 s
      # at most (the cache age is 60 s).
      reads=0 shown=""
      deadline=$(($(now_ms) + 1000))
      while :; do
        status=$(http feed-3 GET "$node2/api/todomate/feed?date=$feed_day" -H "Authorization: $bob_token")
        reads=$((reads + 1))
        if [ "$status" = 200 ] && grep -q "\"$new_id\"" "$work/http/feed-3.json"; then
          shown=1
          break
        fi
        [ "$(now_ms)" -lt "$deadline" ] || break
        sleep 0.02
      done
      shown_ms=$(($(now_ms) - t0 - visible_ms))
      if [ -n "$shown" ] && [ "$reads" = 1 ]; then
        ok "bob's kept feed on node 2: his first read after alice's new todo is visible there (${visible_ms} ms after the write) shows it (cache age 60 s)"
      elif [ -n "$shown" ]; then
        ok "bob's kept feed on node 2 shows alice's new todo at his read $reads after it is visible there, ${shown_ms} ms later (cache age 60 s)"
      else
        not_ok "bob's feed on node 2 still lacks alice's todo $new_id 1 s after it was visible there ($reads reads, last: $status $(body feed-3))"
      fi
    fi
  fi
fi

# -- 4a. the primary sees the client's address ---------------------------------

# trusting X-Real-IP, as docs/operations.md tells operators behind nginx; a
# write sent to node 2 from 127.0.0.2 (no proxy header: node 2 sees the
# connection's address) is logged by the primary with 127.0.0.2, not with
# the address node 2 forwards from
status=$(http trust PATCH "$node1/api/settings" -H "Authorization: $admin" -H 'content-type: application/json' \
  -d '{"trustedProxy":{"headers":["X-Real-IP"],"useLeftmostIP":false}}')
[ "$status" = 200 ] || die "PATCH /api/settings trustedProxy: $status $(body trust)"
probe_query="ipprobe=$suffix"
deadline=$((SECONDS + 5))
until [ "$(http trust2 GET "$node2/api/settings" -H "Authorization: $admin")" = 200 ] &&
  [ "$(jget trust2 trustedProxy.headers.0)" = X-Real-IP ]; do
  [ "$SECONDS" -lt "$deadline" ] || die "node 2 does not trust X-Real-IP 5 s after the primary's settings changed"
  sleep 0.05
done
status=$(http ip-write POST "$node2/api/collections/todos/records?$probe_query" --interface 127.0.0.2 \
  -H "Authorization: $alice_token" -H 'content-type: application/json' \
  -d "{\"contents\":\"from 127.0.0.2\",\"date\":\"2026-11-29\"}")
if [ "$status" != 200 ]; then
  not_ok "a write via node 2 from 127.0.0.2: $status $(body ip-write)"
else
  # PocketBase writes its request logs in batches: poll its logs API
  seen="" deadline=$((SECONDS + 15))
  while [ "$SECONDS" -lt "$deadline" ]; do
    http ip-log GET "$node1/api/logs" -H "Authorization: $admin" -G \
      --data-urlencode "filter=data.url ~ '$probe_query'" --data-urlencode "perPage=1" >/dev/null
    seen=$(jget ip-log items.0.data.userIP)
    [ -n "$seen" ] && break
    sleep 0.2
  done
  if [ "$seen" = 127.0.0.2 ]; then
    ok "the primary logs a write forwarded by node 2 with the client's address: $seen"
  else
    not_ok "the primary logged the write forwarded by node 2 with userIP '$seen', want 127.0.0.2: $(body ip-log)"
  fi
fi

# -- 4b. what a replica holds in memory follows the primary -------------------

# PocketBase's collections: a collection made on the primary answers on each
# replica (each reloads its collections when LiteFS's position moves and
# _collections changed; the settings were shown the same way in the setup,
# the rate limiter turned off on node 1 and seen off on nodes 2 and 3)
probe=cluster_probe_$suffix
t0=$(now_ms)
status=$(http coll POST "$node1/api/collections" -H "Authorization: $admin" -H 'content-type: application/json' \
  -d "{\"name\":\"$probe\",\"type\":\"base\",\"listRule\":\"\",\"fields\":[{\"name\":\"note\",\"type\":\"text\"}]}")
if [ "$status" != 200 ]; then
  not_ok "a collection made on the primary: $status $(body coll)"
else
  for n in 2 3; do
    url=http://127.0.0.1:$((app_base + n))
    shown="" deadline=$(($(now_ms) + 2000))
    while [ "$(now_ms)" -lt "$deadline" ]; do
      if [ "$(http "coll$n" GET "$url/api/collections/$probe/records")" = 200 ]; then
        shown=1
        break
      fi
      sleep 0.02
    done
    if [ -n "$shown" ]; then
      ok "node $n lists the records of $probe, a collection made on the primary, $(($(now_ms) - t0)) ms after it was made (bound 2 s)"
    else
      not_ok "node $n does not know $probe 2 s after the primary made it: $(body "coll$n")"
    fi
  done
fi

# uploaded files: without S3 storage they stay on the primary's disk, and a
# replica sends file requests there; a protected photo still needs a token
printf '%s' 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' |
  base64 -d >"$work/photo.png"
status=$(http diary POST "$node2/api/collections/diaries/records" -H "Authorization: $alice_token" \
  -F "date=2026-11-28" -F "emoji=🌱" -F "photos=@$work/photo.png;type=image/png")
diary_id=$(record_id diary)
photo=$(jget diary photos.0)
if [ "$status" != 200 ] || [ -z "$photo" ]; then
  not_ok "a diary with a photo via node 2: $status $(body diary)"
else
  http ftoken POST "$node3/api/files/token" -H "Authorization: $alice_token" >/dev/null
  file_token=$(jget ftoken token)
  with=$(http file-with GET "$node3/api/files/diaries/$diary_id/$photo?token=$file_token")
  without=$(http file-without GET "$node3/api/files/diaries/$diary_id/$photo")
  if [ "$with" = 200 ] && cmp -s "$work/photo.png" "$work/http/file-with.json" &&
    { [ "$without" = 403 ] || [ "$without" = 404 ]; }; then
    ok "a diary photo uploaded via node 2 is served by node 3 with a file token (200, the same bytes), not without ($without)"
  else
    not_ok "the photo via node 3: with a token $with ($(head -c 200 "$work/http/file-with.json")), without $without"
  fi
fi

# -- 5. privacy on every node: the SDK suites ----------------------------------

# privacy-doors.test.mjs on each replica and nginx; visibility-levels.test.mjs
# (about 40 s) through nginx, which spreads its requests over the 3 nodes;
# CLUSTER_E2E_FULL=1: both on node 1, 2, 3 and nginx
e2e_runs=("node2 privacy-doors" "node3 privacy-doors" "nginx privacy-doors" "nginx visibility-levels")
if [ -n "${CLUSTER_E2E_FULL:-}" ]; then
  e2e_runs=()
  for door in node1 node2 node3 nginx; do
    e2e_runs+=("$door privacy-doors" "$door visibility-levels")
  done
fi
for run in "${e2e_runs[@]}"; do
  read -r door file <<<"$run"
  case $door in
    node1) url=$node1 ;;
    node2) url=$node2 ;;
    node3) url=$node3 ;;
    nginx) url=$front ;;
  esac
  log=$work/e2e-$door-$file.log
  t0=$SECONDS
  if (cd e2e && E2E_URL=$url E2E_SUPERUSER_EMAIL=$admin_email E2E_SUPERUSER_PASSWORD=$admin_password \
    timeout 300 node --test --test-concurrency=1 --test-reporter=spec "$file.test.mjs") >"$log" 2>&1; then
    ok "e2e/$file.test.mjs against $door ($url): $(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$log") tests pass ($((SECONDS - t0)) s)"
  else
    not_ok "e2e/$file.test.mjs against $door ($url): $(sed -n 's/^ℹ \(pass\|fail\) \([0-9]*\)$/\1 \2/p' "$log" | paste -sd, -)"
    echo "--- e2e/$file.test.mjs against $door: failures" >&2
    grep -E -A 12 '^✖|not ok' "$log" | head -n 80 >&2
  fi
done

# -- 6. realtime through the front door ----------------------------------------

# three SSE subscribers of todos via nginx: taken in turn, their streams are
# served by the three nodes (the replicas forward them to the primary)
sse_ok=1
log_before=$(wc -l <"$work/nginx/access.log")
for k in 1 2 3; do
  curl -sSN --max-time 60 -H "Authorization: $alice_token" "$front/api/realtime" \
    >"$work/sse$k.txt" 2>"$work/sse$k.err" &
  sse_pids+=($!)
  if ! wait_for "$work/sse$k.txt" '^event:PB_CONNECT' 10; then
    not_ok "SSE subscriber $k via nginx: no PB_CONNECT in 10 s: $(cat "$work/sse$k.txt" "$work/sse$k.err")"
    sse_ok=""
    break
  fi
  client=$(sed -n 's/^data:{"clientId":"\([^"]*\)"}.*/\1/p' "$work/sse$k.txt" | head -n 1)
  status=$(http "subscribe$k" POST "$front/api/realtime" -H "Authorization: $alice_token" \
    -H 'content-type: application/json' -d "{\"clientId\":\"$client\",\"subscriptions\":[\"todos\"]}")
  if [ "$status" != 204 ]; then
    not_ok "SSE subscriber $k: subscribing via nginx answered $status $(body "subscribe$k")"
    sse_ok=""
    break
  fi
done
if [ -n "$sse_ok" ]; then
  status=$(post_todo realtime "$node3" "$alice_token" "realtime via node 3")
  id=$(record_id realtime)
  missing=""
  for k in 1 2 3; do
    wait_for "$work/sse$k.txt" "\"id\":\"$id\"" 10 || missing+=" $k"
  done
  for pid in "${sse_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${sse_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  sse_pids=()
  # nginx logs a stream when it ends
  deadline=$((SECONDS + 5))
  while [ "$(tail -n "+$((log_before + 1))" "$work/nginx/access.log" | grep -c '"GET /api/realtime')" -lt 3 ] &&
    [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.05
  done
  served=$(tail -n "+$((log_before + 1))" "$work/nginx/access.log" | grep '"GET /api/realtime' |
    sed 's/.*upstream=//' | paste -sd, -)
  if [ "$status" = 200 ] && [ -z "$missing" ]; then
    ok "realtime through nginx: 3 SSE subscribers (streams served by $served) each got the create event of todo $id written via node 3"
  else
    not_ok "realtime through nginx (streams served by $served): the todo via node 3 answered $status; no event for subscriber(s)$missing: $(cat "$work/sse1.txt")"
  fi
fi

# -- 7. the primary restarts ---------------------------------------------------

# reads_answer: GETs of a todo and of a feed on both replicas and (twice, so
# that two nodes answer) via nginx; prints the statuses that were not 200
reads_answer() {
  local url bad="" status
  for url in "$node2" "$node3" "$front" "$front"; do
    status=$(http reads GET "$url/api/collections/todos/records/$anchor_id" -H "Authorization: $alice_token")
    [ "$status" = 200 ] || bad+=" $url:todo:$status"
    status=$(http reads GET "$url/api/todomate/feed?date=$day" -H "Authorization: $alice_token")
    [ "$status" = 200 ] || bad+=" $url:feed:$status"
  done
  echo "$bad"
}

stop_todomate 1
bad=$(reads_answer)
status=$(post_todo down-app "$node2" "$alice_token" "while node 1's todomate is down")
if [ -z "$bad" ] && [ "$status" = 503 ]; then
  ok "todomate on node 1 stopped: replicas and nginx answer reads 200; a write via node 2 answers 503: $(jget down-app message)"
else
  not_ok "todomate on node 1 stopped: reads not 200:${bad:- none}; a write via node 2: $status $(body down-app) (want 503)"
fi

"$here/cluster.sh" stop-node "$cluster_dir" 1 >/dev/null
# the replicas' LiteFS lose the primary: .primary goes away
deadline=$((SECONDS + 10))
while timeout 2 test -e "$NODE2_MOUNT/.primary" || timeout 2 test -e "$NODE3_MOUNT/.primary"; do
  [ "$SECONDS" -lt "$deadline" ] || { not_ok "LiteFS on nodes 2 and 3 still show a primary 10 s after node 1 stopped"; break; }
  sleep 0.1
done
bad=$(reads_answer)
statuses=""
for n in 2 3; do
  status=$(post_todo "down-$n" "http://127.0.0.1:$((app_base + n))" "$alice_token" "while node 1 is down")
  statuses+=" node $n: $status $(body "down-$n");"
done
if [ -z "$bad" ] && [ "$statuses" = "$(for n in 2 3; do printf ' node %s: 503 %s;' "$n" "$(body "down-$n")"; done)" ]; then
  ok "node 1 down (todomate and LiteFS): replicas and nginx answer reads 200; writes via the replicas answer 503:$statuses"
else
  not_ok "node 1 down (todomate and LiteFS): reads not 200:${bad:- none}; writes via the replicas (want 503):$statuses"
fi

t0=$(now_ms)
"$here/cluster.sh" start-node "$cluster_dir" 1 >/dev/null || die "LiteFS on node 1 did not start again"
start_todomate 1
up_ms=$(($(now_ms) - t0))
# the first write via a replica that succeeds, retried for 15 s
contents="after the restart $suffix"
answers=()
deadline=$(($(now_ms) + 15000))
while :; do
  status=$(post_todo resume "$node2" "$alice_token" "$contents")
  [ "$status" = 200 ] && break
  answers+=("$status")
  [ "$(now_ms)" -lt "$deadline" ] || break
  sleep 0.05
done
resume_ms=$(($(now_ms) - t0))
if [ "$status" != 200 ]; then
  not_ok "after node 1's restart, writes via node 2 still fail after 15 s: ${answers[*]} $(body resume)"
else
  id=$(record_id resume)
  count_on_primary resume-count "$alice_token" "$contents"
  seen=""
  visible_within resume-2 "$node2" "$alice_token" "$id" 5 && seen+=" 2"
  visible_within resume-3 "$node3" "$alice_token" "$id" 5 && seen+=" 3"
  if [ "$seen" = " 2 3" ] && [ "$counted" = 1 ]; then
    ok "node 1 back (LiteFS and todomate up in $up_ms ms): a write via node 2 succeeded ${resume_ms} ms after the restart began (answers before it: ${answers[*]:-none}), visible on nodes 2 and 3, once on the primary"
  else
    not_ok "node 1 back: the write via node 2 (todo $id) is visible on nodes${seen:- none} of 2 3, listed $counted times on the primary"
  fi
fi

# -- 8. read throughput: node 1 alone vs nginx over the 3 -----------------------

node "$here/probe.mjs" tokens "$node1" "$users" >"$work/tokens" || die "logging in the seeded users"
status=$(http feed-sample GET "$node1/api/todomate/feed?date=$seed_day" -H "Authorization: $(head -n 1 "$work/tokens" | cut -d' ' -f1)")
grep -q '"items":\[{"user":' "$work/http/feed-sample.json" || die "the seeded feed is empty or wrong: $status $(body feed-sample)"
dates=$(for i in $(seq 0 29); do date -u -d "$seed_day -$i day" +%F; done | paste -sd, -)

# bench MODE LABEL URL: wrk (bench/rotate_tokens.lua) for $bench_duration
# after a 2 s warm-up; MODE uncached: every feed from the database
# (Cache-Control: no-cache), 30 days in turn; cached: one day, kept feeds
bench() {
  local mode=$1 label=$2 url=$3 out=$work/wrk-$1-$2.txt no_cache="" path rps p50 p99 failures
  path="/api/todomate/feed?date="
  if [ "$mode" = uncached ]; then no_cache=1; else path+=$seed_day; fi
  TOKENS=$work/tokens FEED_PATH=$path DATES=$dates NO_CACHE=$no_cache \
    wrk -t 1 -c 64 -d 2s -s bench/rotate_tokens.lua "$url" >/dev/null
  TOKENS=$work/tokens FEED_PATH=$path DATES=$dates NO_CACHE=$no_cache \
    wrk -t 1 -c 64 -d "$bench_duration" --timeout 10s -s bench/rotate_tokens.lua "$url" >"$out"
  rps=$(sed -n 's/^requests .*: \([0-9]*\) req\/s$/\1/p' "$out")
  p50=$(sed -n 's/^latency p50 \([0-9.]*\) ms.*/\1/p' "$out")
  p99=$(sed -n 's/.* p99 \([0-9.]*\) ms.*/\1/p' "$out")
  failures=$(sed -n 's/^failed \([0-9]*\)$/\1/p' "$out")
  printf -v "rps_${mode}_$label" '%s' "$rps"
  report "$(printf 'feed %-8s %-15s %6s req/s  p50 %7s ms  p99 %7s ms  failed %s' "$mode" "$([ "$label" = node1 ] && echo "node 1 alone" || echo "nginx, 3 nodes")" "$rps" "$p50" "$p99" "${failures:-?}")"
  [ "${failures:-1}" = 0 ] || bench_failures+=" $mode $label: ${failures:-?} failed;"
}
bench_failures=""
echo "   wrk, 64 connections, $bench_duration each, $users seeded users in turn, on $(nproc) cores shared by every process"
for mode in uncached cached; do
  bench "$mode" node1 "$node1"
  bench "$mode" nginx "$front"
done
# shellcheck disable=SC2154 # set by bench
summary="feed req/s, node 1 alone vs nginx over 3 nodes: from the database $rps_uncached_node1 vs $rps_uncached_nginx, kept $rps_cached_node1 vs $rps_cached_nginx"
if [ -z "$bench_failures" ]; then
  ok "$summary (measured, not asserted)"
else
  not_ok "$summary; requests failed:$bench_failures"
fi

# -- the end -------------------------------------------------------------------

report "run time $((SECONDS - started)) s"
if [ -n "${TODOMATE_CLUSTER_REPORT:-}" ]; then
  printf '%s\n' "${report_lines[@]}" >"$TODOMATE_CLUSTER_REPORT"
fi
if [ "$failed" -gt 0 ]; then
  show_logs
fi
echo "cluster-test: $passed passed, $failed failed ($((SECONDS - started)) s)"
[ "$failed" = 0 ]

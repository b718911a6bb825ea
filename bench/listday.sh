#!/usr/bin/env bash
# HTTP load on issue 2's target through the real binary: one user's day
# listed through the records API,
#   GET /api/collections/todos/records?filter=(user='ID' && date='D')
# by a friend of that user under the shipped todos list rule, against the
# same list by the owner under the owner-only rule `user = @request.auth.id`
# (issue 2's baseline). Target: the friend's request costs at most 1.3x
# the owner-only one, in the server's CPU time per request.
#
# Builds the binary, seeds the benchmark community into a fresh data dir
# (1,000 users, 100 todos each, 20 mutual friends each), starts the server
# on a free loopback port with the rate limiter off. The owner is user0001,
# the day their busiest of 2026-11 (by their calendar), the friends all of
# theirs (GET /api/todomate/friends), each request as the next of them.
# Then ROUNDS rounds of a friend run and an owner-only run, in turns to
# cancel the drift of a shared machine, each DURATION of wrk with
# CONNECTIONS connections after a 3 s warm-up. For an owner-only run the
# superuser sets the todos list rule to the owner-only one, and puts the
# original back right after it (and on exit).
#
# Prints one line per run (req/s, p50, p99, the server's CPU time per
# request) and the median of the rounds' friend/owner-only ratios of CPU
# per request and of req/s, and whether the CPU ratio is within the
# target; fails only if a request failed (not on the ratio). The server is
# always stopped and the data removed.
#
# Usage: bench/listday.sh         (knobs: DURATION=10s CONNECTIONS=64
#                                  ROUNDS=3 USERS=1000 THREADS=1
#                                  SERVER_PROCS=nproc-1 SERVER_NICE
#                                  REQUEST_LOGS=off, see bench/lib.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3
# shellcheck source=bench/lib.sh
source bench/lib.sh

DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
USERS=${USERS:-1000}
DAY=2026-11-24 # the seeded community's last day
MONTH=2026-11
OWNER=user0001
OWNER_ONLY_RULE='user = @request.auth.id'
TARGET=1.3

bench_tools
bench_start listday "$USERS" "$DAY"

# the todos list rule, as JSON: read before any change, put back by
# restore_rule after each owner-only run and on exit
original_rule=$(curl -fsS --max-time 10 "$base/api/collections/todos" -H "Authorization: $admin" | json 'JSON.stringify(j.listRule)')
owner_only_json=$(node -e 'console.log(JSON.stringify(process.argv[1]))' "$OWNER_ONLY_RULE")
rule_changed=""
set_rule() { # set_rule JSON
  curl -fsS --max-time 10 -X PATCH "$base/api/collections/todos" -H "Authorization: $admin" \
    -H 'content-type: application/json' -d "{\"listRule\":$1}" >/dev/null
}
owner_only_rule() {
  rule_changed=1
  set_rule "$owner_only_json"
}
restore_rule() {
  set_rule "$original_rule"
  rule_changed=""
}
bench_before_stop() {
  if [ -n "$rule_changed" ]; then
    restore_rule
  fi
}

echo "== log in $OWNER and their friends"
owner_login=$(curl -fsS --max-time 10 -X POST "$base/api/collections/users/auth-with-password" \
  -H 'content-type: application/json' -d "{\"identity\":\"$OWNER\",\"password\":\"password123\"}")
owner_token=$(json j.token <<<"$owner_login")
owner_id=$(json j.record.id <<<"$owner_login")
printf '%s\n' "$owner_token" >"$work/owner.tokens"
curl -fsS --max-time 10 "$base/api/todomate/friends" -H "Authorization: $owner_token" |
  json 'j.items.map(u => u.username).join("\n")' | login_users "$work/friend.tokens"
friends=$(grep -c . "$work/friend.tokens")

# the owner's busiest day of the month
day=$(curl -fsS --max-time 10 "$base/api/todomate/users/$owner_id/calendar?month=$MONTH" -H "Authorization: $owner_token" |
  json 'j.days.reduce((a, b) => b.total > a.total ? b : a).date')
filter="(user='$owner_id' && date='$day')"
path="/api/collections/todos/records?filter=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$filter")"

# total_items TOKEN: the list's totalItems as TOKEN, failing unless 200
total_items() {
  curl -fsS --max-time 10 "$base$path" -H "Authorization: $1" | json j.totalItems
}
friend_items=""
while read -r friend_token; do
  n=$(total_items "$friend_token")
  [ "$n" -ge 1 ] || { echo "a friend of $OWNER sees no todo of $day" >&2; exit 1; }
  [ -z "$friend_items" ] || [ "$n" = "$friend_items" ] ||
    { echo "the friends of $OWNER see $friend_items and $n todos of $day" >&2; exit 1; }
  friend_items=$n
done <"$work/friend.tokens"
owner_only_rule
owner_items=$(total_items "$owner_token")
restore_rule
[ "$owner_items" -ge "$friend_items" ] ||
  { echo "$OWNER sees $owner_items todos of $day under the owner-only rule, a friend $friend_items" >&2; exit 1; }

echo "== wrk: $ROUNDS rounds of friend then owner-only, each $DURATION after a 3 s warm-up, $CONNECTIONS connections, GET $path"
echo "   ($OWNER's $day: $owner_items todos, $friend_items for a friend; $friends friends in turn; server on $SERVER_PROCS of $(nproc) cores)"
# run NAME ROUND TOKENS: one measured run, its line, its figures in $work/runs
run() {
  bench_wrk "$work/wrk.$1.$2" "$3" "$path" "$DURATION" >/dev/null
  bench_fail_on_errors
  printf '%-10s %d/%d: %5s req/s, p50 %6.2f ms, p99 %6.2f ms, server CPU %.3f ms per request, %s requests, 0 failed (load average %s)\n' \
    "$1" "$2" "$ROUNDS" "$bench_rps" "$bench_p50" "$bench_p99" "$bench_cpu_ms" "$bench_requests" "$bench_load"
  printf '%s %s %s %s\n' "$1" "$2" "$bench_cpu_ms" "$bench_rps" >>"$work/runs"
}
for round in $(seq 1 "$ROUNDS"); do
  run friend "$round" "$work/friend.tokens"
  owner_only_rule
  run owner-only "$round" "$work/owner.tokens"
  restore_rule
done

# the median over the rounds of friend/owner-only, of CPU per request and of req/s
awk -v target="$TARGET" '
  $1 == "friend" { cpu[$2] = $3; rps[$2] = $4 }
  $1 == "owner-only" { cpu[$2] = cpu[$2] / $3; rps[$2] = rps[$2] / $4; n++ }
  function median(a, n,   s, i, j, t) {
    for (i = 1; i <= n; i++) s[i] = a[i]
    for (i = 2; i <= n; i++) for (j = i; j > 1 && s[j-1] > s[j]; j--) { t = s[j]; s[j] = s[j-1]; s[j-1] = t }
    return (s[int((n + 1) / 2)] + s[int(n / 2) + 1]) / 2
  }
  function list(a, n,   i, out) {
    for (i = 1; i <= n; i++) out = out sprintf("%s%.2f", i > 1 ? " " : "", a[i])
    return out
  }
  END {
    c = median(cpu, n)
    printf "friend/owner-only, median of %d rounds: CPU per request %.2fx (rounds %s), req/s %.2fx (rounds %s)\n", n, c, list(cpu, n), median(rps, n), list(rps, n)
    printf "target: friend at most %.1fx the owner-only CPU per request: %s\n", target, c <= target ? "met" : "NOT met"
  }' "$work/runs"

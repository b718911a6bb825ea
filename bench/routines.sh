#!/usr/bin/env bash
# Issue 17's comparison, in one run: my day, the feed and the calendar of
# the route benchmarks (routes/bench_test.go, a seeded community of USERS
# users) on BEFORE's todomate without routines, and on this checkout with
# every user having ROUTINES routines (their days are todos: about 3 more a
# week per routine), in ROUNDS alternating rounds; and this checkout
# without routines, to tell the code's cost from the extra todos'. Prints
# each benchmark's median server CPU per request (the benchmarks'
# cpu-ns/op: wall time on this 2-core machine waits on the benchmark's own
# client) on each and the ratios to BEFORE (target: 1.1x at most), and the
# same of the lower quartiles (this machine's slow spells land in a few
# samples and move medians of few rounds by 10-20%).
#
# Usage: bench/routines.sh BEFORE   (knobs: USERS=1000 ROUTINES=3 ROUNDS=3 COUNT=3 BENCHTIME=1s)
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3

before=${1:?usage: bench/routines.sh BEFORE-git-ref}
export TODOMATE_BENCH_USERS=${USERS:-1000}
routines=${ROUTINES:-3}
rounds=${ROUNDS:-3}
count=${COUNT:-3}
benchtime=${BENCHTIME:-1s}
pattern='^Benchmark(MyDay|Feed|CalendarOfFriend)$'

work=$(mktemp -d)
tree="$work/tree"
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  git worktree remove --force "$tree" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
git worktree add --detach --quiet "$tree" "$before"

# one benchmark run: its lines "name cpu-ns/op" appended to $work/$1.txt
run() {
  local label=$1 dir=$2 n=$3
  (cd "$dir" && TODOMATE_BENCH_ROUTINES=$n go test ./routes/ -run '^$' -bench "$pattern" -benchtime "$benchtime" -count "$count") |
    awk -v out="$work/$label.txt" '/^Benchmark/ { sub(/-[0-9]+$/, "", $1); for (i = 3; i < NF; i++) if ($(i + 1) == "cpu-ns/op") print $1, $i >> out }'
}

for round in $(seq 1 "$rounds"); do
  echo "== round $round of $rounds"
  run before "$tree" 0
  run plain . 0
  run after . "$routines"
done

echo "== CPU ns per request ($TODOMATE_BENCH_USERS users, $((rounds * count)) samples each): $before; this checkout; this checkout with $routines routines per user"
# quantile Q of the numbers on stdin (0.5 the median, 0.25 the lower quartile)
quantile() { sort -n | awk -v q="$1" '{ v[NR] = $1 } END { i = 1 + (NR - 1) * q; f = int(i); print v[f] + (i - f) * (v[f + 1] - v[f]) }'; }
printf '%-26s %-9s %10s %10s %7s %10s %7s\n' benchmark "" before plain ratio routines ratio
awk '{ print $1 }' "$work/before.txt" | sort -u | while read -r name; do
  for q in 0.5 0.25; do
    of() { awk -v n="$name" '$1 == n { print $2 }' "$work/$1.txt" | quantile "$q"; }
    label=median
    [ "$q" = 0.25 ] && label=quartile
    awk -v n="$name" -v l="$label" -v b="$(of before)" -v p="$(of plain)" -v a="$(of after)" \
      'BEGIN { printf "%-26s %-9s %10.0f %10.0f %6.2fx %10.0f %6.2fx\n", n, l, b, p, p / b, a, a / b }'
  done
done

#!/usr/bin/env bash
# What continuous replication of data.db to S3 (issue 18) costs writes:
# todo creates through the records API on two copies of one seeded
# community, served by the same binary on this machine, one without a
# replica and one replicating to a real S3 server on loopback
# (scripts/s3-server.sh, versitygw). Target: within 10% (req/s at least
# 0.90x, p99 at most 1.10x).
#
# Builds the binary, seeds USERS users into a fresh temp dir and copies it,
# starts both servers (the replicated one once its replica has caught up
# with the seeded database), logs in VIEWERS users (their tokens work on
# both copies), then ROUNDS rounds of a run on each, in turns and with the
# order swapped every round to cancel the drift of a shared machine: each
# DURATION of wrk with CONNECTIONS connections after a 3 s warm-up, every
# request a create of the next user's todo on one of 30 days. After each
# replicated run, how long its replica took to catch up.
#
# Prints one line per run (req/s, p50, p99, the server's CPU time per
# request) and the medians of the rounds' replicated/plain ratios; fails
# only if a request failed or the replica did not catch up (not on the
# ratios). Everything is always stopped and removed.
#
# PROFILE=DIR writes each run's CPU profile of the server under load to
# DIR (NAME-ROUND.pprof, from the servers' TODOMATE_PPROF_ADDR on
# loopback) and prints, for each round, Litestream's own share of the
# replicated server's CPU and the ratio of req/s it alone allows at
# saturation on one CPU, then Litestream's functions in the last round.
#
# Both servers run on one CPU (SERVER_CPUS, the last one), as on a machine
# of one, and wrk and the S3 server on the others (LOAD_CPUS: S3 stands
# for a remote service). Each replicated run says how large data.db's WAL
# grew (Litestream checkpoints it once it has copied it: a WAL that keeps
# growing is a Litestream that does not keep up) and the S3 server's CPU.
#
# Usage: bench/replication.sh  (knobs: DURATION=10s (in seconds) ROUNDS=3 USERS=1000
#                               VIEWERS=200 CONNECTIONS=64
#                               SERVER_CPUS=nproc-1 LOAD_CPUS=the others
#                               RATE (requests a second offered; none: as
#                               many as the server takes)
#                               REQUEST_LOGS, see
#                               bench/lib.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3
SERVER_CPUS=${SERVER_CPUS-$(($(nproc) - 1))}
if [ "$(nproc)" -gt 1 ]; then
  LOAD_CPUS=${LOAD_CPUS-0-$(($(nproc) - 2))}
fi
# shellcheck source=bench/lib.sh
source bench/lib.sh

DURATION=${DURATION:-10s}
# RATE=n: each connection waits between requests so that together they
# offer about n a second (a rate both servers carry), instead of as many as
# each server takes
if [ -n "${RATE:-}" ]; then
  [[ "$RATE" =~ ^[1-9][0-9]*$ ]] || { echo "RATE=$RATE: a number of requests a second, at least 1" >&2; exit 2; }
  export DELAY_MS=$((CONNECTIONS * 1000 / RATE))
fi
ROUNDS=${ROUNDS:-3}
USERS=${USERS:-1000}
VIEWERS=${VIEWERS:-200}
DAY=2026-11-24 # the seeded community's last day
CATCH_UP_TIMEOUT=120 # seconds: the first upload is the whole seeded database

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# before the plain server starts: the replicated server's copy of the data
bench_after_seed() { cp -r "$work/pb_data" "$work/replicated_data"; }

replicated_pid=""
s3_started=""
plain_pid=""
bench_before_stop() {
  if [ -n "$replicated_pid" ]; then
    kill "$replicated_pid" 2>/dev/null || true
    wait "$replicated_pid" 2>/dev/null || true
    replicated_pid=""
  fi
  if [ -n "$s3_started" ]; then
    scripts/s3-server.sh stop "$work/s3" || true
    s3_started=""
  fi
  # bench_cleanup stops the plain server as its own
  server_pid=${plain_pid:-$server_pid}
}

if [ -n "${PROFILE:-}" ]; then
  mkdir -p "$PROFILE"
  plain_pprof=127.0.0.1:$(free_port) replicated_pprof=127.0.0.1:$(free_port)
fi

bench_tools
TODOMATE_PPROF_ADDR=${plain_pprof:-} bench_start replication "$USERS" "$DAY"
plain_base=$base plain_pid=$server_pid

echo "== S3 server on loopback"
s3_started=1
scripts/s3-server.sh start "$work/s3" >"$work/s3.env"
s3_pid=$(cat "$work/s3/pid")
# the S3 server stands for a remote service: it runs beside wrk, off the
# servers' CPU
if [ -n "${LOAD_CPUS:-}" ]; then
  taskset -a -p -c "$LOAD_CPUS" "$s3_pid" >/dev/null
fi
s3_var() { sed -n "s/^$1=//p" "$work/s3.env"; }
endpoint=$(s3_var TODOMATE_S3_ENDPOINT)
replica="s3://$(s3_var TODOMATE_S3_BUCKET)/bench-replica?endpoint=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$endpoint")&region=$(s3_var TODOMATE_S3_REGION)&forcePathStyle=true"

# wait_caught_up: waits until the replica has every transaction the
# replicated server's data.db has; prints the seconds it took
wait_caught_up() {
  local start status
  start=$(date +%s.%N)
  while :; do
    # a 503 (behind for too long) is a status too
    status=$(curl -sS --max-time 5 "$replicated_base/api/todomate/replication" || true)
    if [ -n "$status" ] && [ "$(json '(j.enabled && !j.behind && j.localTxid !== "0000000000000000") ? "yes" : "no"' <<<"$status")" = yes ]; then
      break
    fi
    if awk -v s="$start" -v now="$(date +%s.%N)" -v max="$CATCH_UP_TIMEOUT" 'BEGIN { exit !(now - s > max) }'; then
      echo "the replica did not catch up within $CATCH_UP_TIMEOUT s: $status" >&2
      tail -n 20 "$work/replicated.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  awk -v s="$start" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - s }'
}

echo "== the replicated server (the same binary, TODOMATE_REPLICA_URL to $endpoint)"
port=$(free_port)
replicated_base="http://127.0.0.1:$port"
# only the replica differs from the plain server's environment. (An
# AWS_CA_BUNDLE from the environment makes Litestream's S3 client fail to
# start: it brings its own HTTP client, to which the AWS SDK cannot add the
# bundle; the S3 server is plain HTTP on loopback.)
env -u AWS_CA_BUNDLE TODOMATE_REPLICA_URL="$replica" TODOMATE_PPROF_ADDR="${replicated_pprof:-}" \
  AWS_ACCESS_KEY_ID="$(s3_var AWS_ACCESS_KEY_ID)" AWS_SECRET_ACCESS_KEY="$(s3_var AWS_SECRET_ACCESS_KEY)" \
  "${server_launch[@]}" "$work/todomate" serve --dev=false --http "127.0.0.1:$port" --dir "$work/replicated_data" \
  >"$work/replicated.log" 2>&1 &
replicated_pid=$!
base=$replicated_base
bench_wait_healthy "$work/replicated.log"
bench_settings
echo "the replica has the seeded database after $(wait_caught_up) s ($(du -sh "$work/s3/root" | cut -f1) on S3)"

echo "== log in $VIEWERS users"
base=$plain_base
seq -f 'user%04g' 1 "$VIEWERS" | login_users_with_ids "$work/tokens"
bench_dates "$DAY"
create_body='{"user":"{user}","date":"{date}","contents":"a todo of the load","sort":0}'

echo "== wrk: $ROUNDS rounds of creates on both, each $DURATION after a 3 s warm-up, $CONNECTIONS connections${RATE:+ offering about $RATE a second} (servers on $server_cores)"
# run NAME ROUND: one measured run on NAME (plain or replicated), its line,
# its figures in $work/runs
run() {
  local name=$1 round=$2 caught_up="" pprof="" profiler="" wal_watch=""
  if [ "$name" = replicated ]; then
    base=$replicated_base server_pid=$replicated_pid pprof=${replicated_pprof:-}
  else
    base=$plain_base server_pid=$plain_pid pprof=${plain_pprof:-}
  fi
  if [ -n "$pprof" ]; then
    # the measured DURATION, after bench_wrk's 3 s warm-up
    (sleep 3 && curl -fsS -o "$PROFILE/$name-$round.pprof" \
      "http://$pprof/debug/pprof/profile?seconds=$((${DURATION%s} - 1))") &
    profiler=$!
  fi
  if [ "$name" = replicated ]; then
    # the WAL's largest size, sampled every 0.2 s, until stopped
    (
      peak=0
      trap 'echo "$peak" >"$work/wal_peak"; exit 0' TERM
      while :; do
        size=$(stat -c %s "$work/replicated_data/data.db-wal" 2>/dev/null || echo 0)
        [ "$size" -gt "$peak" ] && peak=$size
        sleep 0.2
      done
    ) &
    wal_watch=$!
  fi
  s3_ticks=$(cpu_ticks "$s3_pid")
  METHOD=POST BODY=$create_body bench_wrk "$work/wrk.$name.$round" "$work/tokens" /api/collections/todos/records "$DURATION" >/dev/null
  s3_ticks=$(($(cpu_ticks "$s3_pid") - s3_ticks))
  if [ -n "$profiler" ]; then wait "$profiler"; fi
  if [ -n "$wal_watch" ]; then
    kill -TERM "$wal_watch"
    wait "$wal_watch" || true
  fi
  server_pid=$plain_pid
  bench_fail_on_errors
  if [ "$name" = replicated ]; then
    caught_up=", WAL at most $(awk '{ printf "%.0f", $1 / 1048576 }' "$work/wal_peak") MB, the S3 server's CPU $(awk -v t="$s3_ticks" -v hz="$(getconf CLK_TCK)" -v n="$bench_requests" 'BEGIN { printf "%.3f", t * 1000 / hz / n }') ms per request, replica caught up $(wait_caught_up) s after"
  fi
  printf '%-10s %d/%d: %5s req/s, p50 %7.2f ms, p99 %7.2f ms, server CPU %.3f ms per request, %s requests, 0 failed%s (load average %s)\n' \
    "$name" "$round" "$ROUNDS" "$bench_rps" "$bench_p50" "$bench_p99" "$bench_cpu_ms" "$bench_requests" "$caught_up" "$bench_load"
  printf '%s %s %s %s %s\n' "$name" "$round" "$bench_rps" "$bench_p99" "$bench_cpu_ms" >>"$work/runs"
}
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then
    run plain "$round"
    run replicated "$round"
  else
    run replicated "$round"
    run plain "$round"
  fi
done

# ratio FIELD: the replicated/plain ratio of a figure (3 req/s, 4 p99,
# 5 CPU) in each round, then their median
ratios() {
  awk -v f="$1" '$1 == "plain" { p[$2] = $f } $1 == "replicated" { r[$2] = $f }
    END { for (k in p) printf "%.2f\n", r[k] / p[k] }' "$work/runs" | sort -g | paste -sd' ' -
}
median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2 }'; }
rps_ratios=$(ratios 3) p99_ratios=$(ratios 4) cpu_ratios=$(ratios 5)
rps=$(median <<<"$rps_ratios") p99=$(median <<<"$p99_ratios") cpu=$(median <<<"$cpu_ratios")
echo
echo "replicated/plain, median of $ROUNDS rounds: req/s ${rps}x (rounds $rps_ratios), p99 ${p99}x (rounds $p99_ratios), CPU per request ${cpu}x (rounds $cpu_ratios)"
if [ -n "${PROFILE:-}" ]; then
  # Litestream's own work: its goroutines and the LTX encoder, less the
  # SQLite checkpoint it runs (the plain server runs one of its own). On one
  # CPU at saturation each create's CPU is what limits req/s, so that work
  # alone, as a share of the plain server's CPU a create, caps the ratio.
  litestream_focus='litestream|superfly/ltx' litestream_ignore='litestream\.\(\*DB\)\.execCheckpoint'
  echo
  echo "== Litestream's own CPU (its SQLite checkpoints aside), from each round's profile"
  for round in $(seq 1 "$ROUNDS"); do
    share=$(go tool pprof -top -nodefraction 0 -nodecount 1000000 -focus "$litestream_focus" -ignore "$litestream_ignore" \
      "$work/todomate" "$PROFILE/replicated-$round.pprof" 2>/dev/null |
      sed -n 's/^Showing nodes accounting for [^,]*, \([0-9.]*\)% of .*/\1/p')
    if [ -z "$share" ]; then
      echo "round $round: no Litestream samples read from $PROFILE/replicated-$round.pprof" >&2
      continue
    fi
    # the round's CPU per request (field 5 of $work/runs), plain and replicated
    read -r plain_ms replicated_ms < <(awk -v r="$round" '$2 == r { ms[$1] = $5 } END { print ms["plain"], ms["replicated"] }' "$work/runs")
    read -r ms of_plain cap < <(awk -v s="$share" -v p="$plain_ms" -v r="$replicated_ms" \
      'BEGIN { ms = s / 100 * r; print ms, ms / p * 100, 1 / (1 + ms / p) }')
    printf "round %d: %.1f%% of the replicated server's CPU, %.3f ms a create, %.0f%% of the plain server's %.3f ms: alone it holds req/s at saturation on one CPU to %.2fx\n" \
      "$round" "$share" "$ms" "$of_plain" "$plain_ms" "$cap"
  done
  echo "round $ROUNDS, Litestream's functions (cumulative, top 15):"
  go tool pprof -top -cum -nodecount 15 -focus "$litestream_focus" -ignore "$litestream_ignore" \
    "$work/todomate" "$PROFILE/replicated-$ROUNDS.pprof" 2>/dev/null | sed -n '/flat%/,$p'
fi
if awk -v r="$rps" -v p="$p99" 'BEGIN { exit !(r >= 0.90 && p <= 1.10) }'; then
  echo "target (within 10%: req/s at least 0.90x, p99 at most 1.10x): met"
else
  echo "target (within 10%: req/s at least 0.90x, p99 at most 1.10x): NOT met"
fi

# shellcheck shell=bash disable=SC2034 # the scripts that source this read its results
# The shared part of the HTTP load scripts (bench/feed.sh, bench/listday.sh),
# sourced from the repo root after `set -euo pipefail`:
#
#   bench_tools                  wrk (installed with apt-get when root), curl, node
#   bench_start NAME USERS DAY   builds the binary, seeds USERS users up to DAY
#                                into a fresh temp dir ($work), makes a
#                                superuser, calls bench_after_seed if the
#                                script defines it, starts the server ($base,
#                                $server_pid) and turns its rate limiter off
#                                ($admin is the superuser's token). The
#                                server is always stopped and $work removed
#                                on exit, after bench_before_stop if the
#                                script defines it.
#   token PATH IDENTITY PASSWORD an auth token, from a password login
#   login_users FILE             logs in the usernames read from stdin
#                                (password123), their tokens into FILE
#   login_users_with_ids FILE    the same, each line the token and its user's id
#   bench_dates DAY              exports DATES: DAY and the 29 days before it
#   bench_wait_healthy LOG       waits for the server at $base (exits with LOG)
#   bench_settings               $admin, and the rate limiter (and with
#                                REQUEST_LOGS=off the request log) off at $base
#   json EXPR                    EXPR of the JSON read from stdin, as j
#   bench_wrk OUT TOKENS PATH DURATION
#                                3 s of warm-up, then DURATION of wrk on GET
#                                PATH, each request with the next token of
#                                the file TOKENS; wrk's output on stdout and
#                                in OUT. Sets bench_requests, bench_rps,
#                                bench_p50, bench_p99 (ms), bench_failed,
#                                bench_cpu_ms (the server's CPU time per
#                                request) and bench_load (load average).
#   bench_fail_on_errors         exits if the last bench_wrk had a request
#                                that was not 2xx or did not complete
#
# Knobs: CONNECTIONS=64 THREADS=1 SERVER_PROCS=nproc-1 (the server's
# GOMAXPROCS) SERVER_CPUS (instead: the CPUs the server runs on, a taskset
# list, as on a machine of that many; GOMAXPROCS is then Go's default, or
# the server's own choice) LOAD_CPUS (the CPUs wrk runs on, a taskset
# list: with SERVER_CPUS, the others, so that the load and the server do
# not take turns on one) SERVER_NICE (nice of the server)
# REQUEST_LOGS=off (turns off PocketBase's request log).
#
# wrk and the server share this machine. The server gets all cores but one
# (SERVER_PROCS): when both want every core, wrk waits for the CPU with
# answers in hand, and its waits count as the server's latency.

CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1} # wrk shares the 2 cores with the server: one thread is plenty
SERVER_PROCS=${SERVER_PROCS:-$(( $(nproc) > 1 ? $(nproc) - 1 : 1 ))}
# server_launch: what a server's command line starts with under the knobs
if [ -n "${SERVER_CPUS:-}" ]; then
  server_launch=(taskset -c "$SERVER_CPUS")
  server_cores="CPU $SERVER_CPUS of $(nproc)"
else
  server_launch=(env "GOMAXPROCS=$SERVER_PROCS")
  server_cores="GOMAXPROCS $SERVER_PROCS of $(nproc) cores"
fi

# load_launch: what wrk's command line (and a bench's other helpers') starts with
load_launch=()
if [ -n "${LOAD_CPUS:-}" ]; then
  load_launch=(taskset -c "$LOAD_CPUS")
fi

bench_tools() {
  if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" != "0" ]; then
      echo "missing wrk: run 'sudo apt-get install -y wrk' and try again" >&2
      exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  fi
  local tool
  for tool in curl node; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool" >&2; exit 1; }
  done
}

work=""
server_pid=""
bench_cleanup() {
  if [ -n "$server_pid" ]; then
    if declare -F bench_before_stop >/dev/null; then
      bench_before_stop || true
    fi
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
  if [ -n "$work" ]; then
    rm -rf "$work"
  fi
}

bench_start() {
  local name=$1 users=$2 day=$3 port
  work=$(mktemp -d -t "todomate-$name-bench.XXXXXX")
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM

  # (--dev=false on every command: PocketBase takes a binary under the temp
  # dir for `go run` and would log every SQL statement)
  echo "== build"
  scripts/build.sh "$work/todomate" >/dev/null

  echo "== seed $users users"
  "$work/todomate" seed --dev=false --dir "$work/pb_data" --users "$users" --end-day "$day" --seed 1 >"$work/seed.out" 2>/dev/null
  head -1 "$work/seed.out"
  "$work/todomate" superuser upsert bench@example.com bench-password-123 --dev=false --dir "$work/pb_data" >/dev/null
  if declare -F bench_after_seed >/dev/null; then
    bench_after_seed
  fi

  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  base="http://127.0.0.1:$port"
  "${server_launch[@]}" ${SERVER_NICE:+nice -n "$SERVER_NICE"} "$work/todomate" serve --dev=false --http "127.0.0.1:$port" --dir "$work/pb_data" >"$work/server.log" 2>&1 &
  server_pid=$!

  bench_wait_healthy "$work/server.log"
  echo "== rate limiter off"
  bench_settings
}

# bench_wait_healthy LOG: waits until the server at $base answers its
# health check; exits with LOG if it does not within 20 s.
bench_wait_healthy() {
  for _ in $(seq 1 100); do
    curl -fs --max-time 1 "$base/api/health" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fs --max-time 2 "$base/api/health" >/dev/null || { echo "the server at $base did not start:" >&2; cat "$1" >&2; exit 1; }
}

# bench_settings: logs the superuser in to the server at $base ($admin) and
# turns its rate limiter off, and its request log with REQUEST_LOGS=off.
bench_settings() {
  admin=$(token /api/collections/_superusers/auth-with-password bench@example.com bench-password-123)
  [ -n "$admin" ] || { echo "superuser login failed" >&2; exit 1; }
  curl -fsS --max-time 10 -X PATCH "$base/api/settings" -H "Authorization: $admin" \
    -H 'content-type: application/json' -d '{"rateLimits":{"enabled":false}}' >/dev/null
  if [ "${REQUEST_LOGS:-on}" = "off" ]; then
    curl -fsS --max-time 10 -X PATCH "$base/api/settings" -H "Authorization: $admin" \
      -H 'content-type: application/json' -d '{"logs":{"maxDays":0}}' >/dev/null
  fi
}

token() {
  local body
  body=$(curl -fs --max-time 10 -X POST "$base$1" -H 'content-type: application/json' \
    -d "{\"identity\":\"$2\",\"password\":\"$3\"}")
  printf '%s\n' "$body" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

login_users() {
  local out=$1 usernames logged_in
  usernames=$(cat)
  export base
  export -f token
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash
  printf '%s\n' "$usernames" | xargs -P 4 -I{} bash -c 'token /api/collections/users/auth-with-password "$1" password123' _ {} >"$out"
  logged_in=$(grep -c . "$out" || true)
  local want
  want=$(printf '%s\n' "$usernames" | grep -c .)
  [ "$logged_in" = "$want" ] || { echo "only $logged_in of $want logins worked" >&2; head -c 600 "$out" >&2; tail -5 "$work/server.log" >&2; exit 1; }
}

# login_users_with_ids FILE: login_users, each line then the token and its
# user's id (from the token's claims), for bodies that name the user
login_users_with_ids() {
  login_users "$work/logins"
  node -e 'const fs = require("fs")
const lines = fs.readFileSync(process.argv[1], "utf8").trim().split("\n")
console.log(lines.map(t => t + " " + JSON.parse(Buffer.from(t.split(".")[1], "base64url")).id).join("\n"))' \
    "$work/logins" >"$1"
}

# bench_dates DAY: exports DATES, DAY and the 29 days before it (for
# rotate_tokens.lua's {date})
bench_dates() {
  DATES=$(for i in $(seq 0 29); do date -u -d "$1 -$i day" +%F; done | paste -sd, -)
  export DATES
}

json() {
  node -e 'let s = ""
process.stdin.on("data", d => { s += d }).on("end", () => {
  const v = new Function("j", "return (" + process.argv[1] + ")")(JSON.parse(s))
  console.log(typeof v === "string" ? v : JSON.stringify(v))
})' "$1"
}

# cpu_ticks PID: CPU time the process has used (user + system), in clock ticks
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
server_cpu_ticks() { cpu_ticks "$server_pid"; }

bench_wrk() {
  local out=$1 tokens=$2 path=$3 duration=$4 cpu_before cpu_after
  # a short warm-up first, not counted
  TOKENS="$tokens" FEED_PATH="$path" "${load_launch[@]}" wrk -t "$THREADS" -c "$CONNECTIONS" -d 3s \
    -s bench/rotate_tokens.lua "$base" >/dev/null
  cpu_before=$(server_cpu_ticks)
  # a 10 s timeout keeps slow answers in the latency figures instead of
  # counting them as socket errors (wrk's default is 2 s)
  TOKENS="$tokens" FEED_PATH="$path" "${load_launch[@]}" wrk -t "$THREADS" -c "$CONNECTIONS" -d "$duration" --timeout 10s \
    -s bench/rotate_tokens.lua "$base" | tee "$out"
  cpu_after=$(server_cpu_ticks)
  bench_load=$(cut -d' ' -f1 /proc/loadavg)

  # on a shared machine req/s depends on who else runs; the server's own CPU
  # time per request does not, much
  bench_requests=$(sed -n 's/^requests \([0-9]*\) in.*/\1/p' "$out")
  bench_requests=${bench_requests:-0}
  bench_rps=$(sed -n 's/^requests .*: \([0-9]*\) req\/s$/\1/p' "$out")
  bench_p50=$(sed -n 's/^latency p50 \([0-9.]*\) ms.*/\1/p' "$out")
  bench_p99=$(sed -n 's/.* p99 \([0-9.]*\) ms.*/\1/p' "$out")
  bench_failed=$(sed -n 's/^failed \([0-9]*\)$/\1/p' "$out")
  bench_cpu_ms=$(awk -v ticks=$((cpu_after - cpu_before)) -v hz="$(getconf CLK_TCK)" -v n="$bench_requests" \
    'BEGIN { if (n > 0) printf "%.6f", ticks / hz * 1000 / n }')
}

bench_fail_on_errors() {
  if [ "${bench_failed:-1}" != "0" ]; then
    echo "FAIL: ${bench_failed:-?} requests were not 2xx or did not complete" >&2
    exit 1
  fi
}

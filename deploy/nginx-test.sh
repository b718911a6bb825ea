#!/usr/bin/env bash
# nginx in front of the real binary, on loopback. Runs deploy/nginx's site
# config (TLS with a throwaway certificate, the HTTP redirect, the shared
# proxy settings) with only its addresses and file paths swapped, and checks
# through it:
#   - REST: health, sign-up, a record create and list, a 2 MB upload and its
#     download (nginx's own body limit is 1 MB)
#   - realtime: an event reaches an SSE subscriber (nothing buffered); a
#     subscriber idle for over two minutes, past nginx's 60 s read timeout,
#     is kept open by the server's keep-alive comments and still gets an
#     event after (started early, checked last: the other checks run
#     meanwhile)
#   - the real client IP: trusting X-Real-IP, PocketBase sees the client's
#     address (127.0.0.2), not nginx's nor a forged header, and its rate
#     limiter counts each client on its own
# Both processes are always stopped; every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."

export GOTOOLCHAIN=go1.27.3

repo=$(pwd)
work=$(mktemp -d -t todomate-nginx-XXXXXX)
pids=()

cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
ok() {
  passed=$((passed + 1))
  echo "ok $passed - $*"
}
fail() {
  echo "FAIL - $*" >&2
  for log in todomate.log nginx/error.log; do
    if [ -f "$work/$log" ]; then
      echo "--- last lines of $log" >&2
      tail -n 20 "$work/$log" >&2
    fi
  done
  echo "nginx-test: $passed passed, 1 failed"
  exit 1
}

# free_port prints a TCP port that is free on 127.0.0.1 right now.
free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# jget PATH reads JSON on stdin and prints the value at PATH (a.b.c).
jget() {
  node -e '
    let s = "";
    process.stdin.on("data", (d) => (s += d)).on("end", () => {
      let v = JSON.parse(s);
      for (const k of process.argv[1].split(".")) v = v == null ? undefined : v[k];
      process.stdout.write(v == null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));
    });' "$1"
}

# wait_for FILE PATTERN: waits up to 10 s for PATTERN (grep -E) in FILE.
wait_for() {
  for _ in $(seq 100); do
    if grep -qE "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

# api FILE METHOD PATH [curl args]: a request to nginx over HTTPS (HTTP/2, as
# browsers do); the body goes to $work/FILE, the status is printed.
api() {
  local out=$1 method=$2 path=$3
  shift 3
  curl -sS --max-time 15 -o "$work/$out" -w '%{http_code}' \
    --cacert "$work/certs/fullchain.pem" --resolve "localhost:$https_port:127.0.0.1" \
    -X "$method" "$@" "https://localhost:$https_port$path"
}

# Built outside the temp dir: PocketBase takes a binary under it for `go run`
# and switches to dev mode (SQL logging and all). bin/ is git-ignored.
echo "== build"
binary=bin/nginx-test/todomate
scripts/build.sh "$binary" >/dev/null

pb_port=$(free_port)
http_port=$(free_port)
https_port=$(free_port)

echo "== todomate on 127.0.0.1:$pb_port"
"$binary" superuser upsert admin@example.com pass123456 --dir "$work/pb_data" >/dev/null
"$binary" serve --http "127.0.0.1:$pb_port" --dir "$work/pb_data" >"$work/todomate.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$pb_port/api/health" && break
  sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$pb_port/api/health" || fail "todomate did not start"

nginx=$(command -v nginx || echo /usr/sbin/nginx) # sbin is not on every PATH
echo "== $("$nginx" -v 2>&1) on 127.0.0.1:$http_port (HTTP) and :$https_port (HTTPS)"
mkdir -p "$work/certs" "$work/acme" "$work/nginx/temp"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost" \
  -keyout "$work/certs/privkey.pem" -out "$work/certs/fullchain.pem" 2>/dev/null

# the real site config; only what names this machine changes
sed -e "s|server todomate:8090;|server 127.0.0.1:$pb_port;|" \
  -e "s|listen 80;|listen 127.0.0.1:$http_port;|" \
  -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|" \
  -e "s|/etc/nginx/certs/|$work/certs/|g" \
  -e "s|/etc/nginx/snippets/todomate-proxy.conf|$repo/deploy/nginx/todomate-proxy.conf|" \
  -e "s|root /var/www/acme;|root $work/acme;|" \
  deploy/nginx/todomate.conf >"$work/nginx/todomate.conf"
if grep -v '^ *#' "$work/nginx/todomate.conf" | grep -E 'todomate:8090|/etc/nginx|/var/www|listen (80|443)'; then
  fail "deploy/nginx/todomate.conf changed: update the substitutions above"
fi

# as root, nginx's workers would switch to "nobody", who cannot write here
user_line=""
if [ "$(id -u)" = "0" ]; then user_line="user root root;"; fi
cat >"$work/nginx/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log info;
events { worker_connections 256; }
http {
    access_log $work/nginx/access.log;
    client_body_temp_path $work/nginx/temp/body;
    proxy_temp_path $work/nginx/temp/proxy;
    fastcgi_temp_path $work/nginx/temp/fastcgi;
    uwsgi_temp_path $work/nginx/temp/uwsgi;
    scgi_temp_path $work/nginx/temp/scgi;
    include $work/nginx/todomate.conf;
}
EOF
nginx_args=(-e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf")
"$nginx" "${nginx_args[@]}" -t 2>"$work/nginx-t.log" || { cat "$work/nginx-t.log" >&2; fail "nginx -t"; }
"$nginx" "${nginx_args[@]}" -g "daemon off;" &
pids+=($!)
for _ in $(seq 100); do
  [ "$(api health.json GET /api/health 2>/dev/null)" = "200" ] && break
  sleep 0.1
done

echo "== checks"

# -- REST ------------------------------------------------------------------

status=$(api health.json GET /api/health)
if [ "$status" != "200" ] || ! grep -q '"API is healthy."' "$work/health.json"; then
  fail "GET /api/health over HTTPS: $status $(cat "$work/health.json")"
fi
ok "GET /api/health through nginx over TLS: 200"

redirect=$(curl -sS --max-time 5 -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/api/health")
[ "$redirect" = "301 https://127.0.0.1/api/health" ] || fail "plain HTTP: want a 301 to https, got $redirect"
ok "plain HTTP redirects to HTTPS: $redirect"

status=$(api superuser.json POST /api/collections/_superusers/auth-with-password \
  -H 'content-type: application/json' -d '{"identity":"admin@example.com","password":"pass123456"}')
[ "$status" = "200" ] || fail "superuser auth: $status $(cat "$work/superuser.json")"
admin=$(jget token <"$work/superuser.json")

# -- the real client IP ----------------------------------------------------

# real_ip FROM [curl args]: the client IP PocketBase sees for a request sent
# from the loopback address FROM (health tells a superuser)
real_ip() {
  local from=$1
  shift
  api realip.json GET /api/health --interface "$from" -H "Authorization: $admin" "$@" >/dev/null
  jget data.realIP <"$work/realip.json"
}

seen=$(real_ip 127.0.0.2)
[ "$seen" = "127.0.0.1" ] || fail "before trusting a proxy header, PocketBase should see nginx (127.0.0.1), saw $seen"
ok "untrusted, PocketBase sees nginx's address: $seen"

# what the README tells operators to set; the limiter's auth rule gets a
# long window so that the check below cannot race its reset
status=$(api settings.json PATCH /api/settings -H "Authorization: $admin" -H 'content-type: application/json' -d '{
  "trustedProxy": {"headers": ["X-Real-IP"], "useLeftmostIP": false},
  "rateLimits": {"enabled": true, "rules": [
    {"label": "*:auth", "maxRequests": 2, "duration": 60},
    {"label": "*:create", "maxRequests": 20, "duration": 5},
    {"label": "/api/batch", "maxRequests": 3, "duration": 1},
    {"label": "/api/", "maxRequests": 300, "duration": 10}]}}')
[ "$status" = "200" ] || fail "PATCH /api/settings: $status $(cat "$work/settings.json")"

seen=$(real_ip 127.0.0.2)
[ "$seen" = "127.0.0.2" ] || fail "trusting X-Real-IP, PocketBase should see the client 127.0.0.2, saw $seen"
ok "trusting X-Real-IP, PocketBase sees the client: $seen"

seen=$(real_ip 127.0.0.2 -H 'X-Real-IP: 203.0.113.7' -H 'X-Forwarded-For: 203.0.113.7')
[ "$seen" = "127.0.0.2" ] || fail "a forged X-Real-IP/X-Forwarded-For got through: PocketBase saw $seen"
ok "forged X-Real-IP and X-Forwarded-For headers are overwritten: still $seen"

# wrong passwords from 127.0.0.2 use up its 2 auth attempts; 127.0.0.3,
# behind the same nginx, still has its own
wrong='{"identity":"nobody@example.com","password":"wrong-password"}'
codes=""
for _ in 1 2 3; do
  codes+="$(api auth.json POST /api/collections/users/auth-with-password --interface 127.0.0.2 \
    -H 'content-type: application/json' -d "$wrong") "
done
other=$(api auth.json POST /api/collections/users/auth-with-password --interface 127.0.0.3 \
  -H 'content-type: application/json' -d "$wrong")
if [ "$codes" != "400 400 429 " ] || [ "$other" != "400" ]; then
  fail "rate limit per client: 127.0.0.2 got $codes(want 400 400 429), 127.0.0.3 got $other (want 400)"
fi
ok "rate limiter counts real clients: 127.0.0.2 got ${codes% }, 127.0.0.3 still $other"

# -- REST as a user ----------------------------------------------------------

status=$(api signup.json POST /api/collections/users/records -H 'content-type: application/json' \
  -d '{"email":"nina@example.com","username":"nina","password":"password123","passwordConfirm":"password123"}')
[ "$status" = "200" ] || fail "sign-up: $status $(cat "$work/signup.json")"
user_id=$(jget id <"$work/signup.json")
status=$(api login.json POST /api/collections/users/auth-with-password -H 'content-type: application/json' \
  -d '{"identity":"nina","password":"password123"}')
[ "$status" = "200" ] || fail "log-in: $status $(cat "$work/login.json")"
token=$(jget token <"$work/login.json")
ok "sign-up and log-in by username through nginx"

# -- realtime through an idle spell (started here, checked at the end) ---------

# sse_connect FILE: opens an SSE stream through nginx into $work/FILE for up
# to MAX_TIME seconds (30 unless set) and waits for its PB_CONNECT; sets
# sse_pid and sse_client.
sse_connect() {
  local out=$1
  curl -sSN --max-time "${MAX_TIME:-30}" --cacert "$work/certs/fullchain.pem" \
    --resolve "localhost:$https_port:127.0.0.1" -H "Authorization: $token" \
    "https://localhost:$https_port/api/realtime" >"$work/$out" 2>"$work/$out.err" &
  sse_pid=$!
  pids+=("$sse_pid")
  wait_for "$work/$out" '^event:PB_CONNECT' || fail "no PB_CONNECT through nginx: $(cat "$work/$out" "$work/$out.err")"
  sse_client=$(sed -n 's/^data:{"clientId":"\([^"]*\)"}.*/\1/p' "$work/$out" | head -n 1)
  [ -n "$sse_client" ] || fail "no clientId in $(cat "$work/$out")"
}

# sse_subscribe CLIENT TOPIC: the connection's subscriptions, as the SDK sets them
sse_subscribe() {
  local status
  status=$(api subscribe.json POST /api/realtime -H "Authorization: $token" -H 'content-type: application/json' \
    -d "{\"clientId\":\"$1\",\"subscriptions\":[\"$2\"]}")
  [ "$status" = "204" ] || fail "subscribe to $2: $status $(cat "$work/subscribe.json")"
}

# A subscriber of diaries, which nothing below writes until its check: no
# event for idle_seconds, more than twice nginx's proxy_read_timeout.
idle_seconds=125
MAX_TIME=$((idle_seconds + 60)) sse_connect idle.txt
idle_pid=$sse_pid
sse_subscribe "$sse_client" diaries
idle_since=$SECONDS
ok "an SSE subscriber of diaries through nginx, left idle for ${idle_seconds} s (checked last)"

# -- realtime ----------------------------------------------------------------

sse_connect sse.txt
sse_subscribe "$sse_client" todos

status=$(api todo.json POST /api/collections/todos/records -H "Authorization: $token" -H 'content-type: application/json' \
  -d '{"contents":"behind nginx","date":"2026-11-24"}')
[ "$status" = "200" ] || fail "create a todo: $status $(cat "$work/todo.json")"
todo_id=$(jget id <"$work/todo.json")
ok "POST /api/collections/todos/records through nginx: 200, todo $todo_id"

wait_for "$work/sse.txt" "\"id\":\"$todo_id\"" ||
  fail "the realtime event of todo $todo_id did not come through nginx: $(cat "$work/sse.txt")"
grep -q '^event:todos' "$work/sse.txt" || fail "the event is not a todos event: $(cat "$work/sse.txt")"
ok "realtime: the create event of todo $todo_id reached the SSE subscriber through nginx"

status=$(api list.json GET "/api/collections/todos/records?filter=date%3D%222026-11-24%22" -H "Authorization: $token")
if [ "$status" != "200" ] || [ "$(jget totalItems <"$work/list.json")" != "1" ] ||
  ! grep -q "\"$todo_id\"" "$work/list.json"; then
  fail "list the day's todos: $status $(cat "$work/list.json")"
fi
ok "GET the day's todos through nginx: 200, the todo listed"

# -- a body over nginx's default limit -----------------------------------------

# a 1x1 PNG followed by 2 MB of padding: an image to PocketBase, too big for
# an nginx left at client_max_body_size 1m
{
  base64 -d <<<'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
  head -c 2000000 /dev/zero
} >"$work/avatar.png"
status=$(api avatar.json PATCH "/api/collections/users/records/$user_id" -H "Authorization: $token" \
  -F "avatar=@$work/avatar.png;type=image/png")
[ "$status" = "200" ] || fail "upload a 2 MB avatar: $status $(cat "$work/avatar.json")"
avatar=$(jget avatar <"$work/avatar.json")
# avatars are protected: the download takes a file token
status=$(api file-token.json POST /api/files/token -H "Authorization: $token")
[ "$status" = "200" ] || fail "a file token: $status $(cat "$work/file-token.json")"
status=$(api avatar-download.png GET "/api/files/users/$user_id/$avatar?token=$(jget token <"$work/file-token.json")")
if [ "$status" != "200" ] || ! cmp -s "$work/avatar.png" "$work/avatar-download.png"; then
  fail "download the avatar: $status, $(wc -c <"$work/avatar-download.png") bytes"
fi
ok "a 2 MB avatar goes up and comes back byte for byte through nginx"

# -- realtime after the idle spell ----------------------------------------------

# the rest of the idle time, watching the stream stay open; the wait is the
# idle time under test
while [ $((SECONDS - idle_since)) -lt "$idle_seconds" ]; do
  kill -0 "$idle_pid" 2>/dev/null ||
    fail "the idle SSE stream through nginx ended after $((SECONDS - idle_since)) s: $(cat "$work/idle.txt" "$work/idle.txt.err")"
  sleep 1
done
keep_alives=$(grep -c '^: keep-alive$' "$work/idle.txt" || true)
events=$(grep -c '^event:' "$work/idle.txt" || true)
# one every 25 s: 4 or 5 in 125 s
if [ "$keep_alives" -lt 4 ] || [ "$events" != "1" ]; then
  fail "idle for ${idle_seconds} s: $keep_alives keep-alives (want 4 or more), $events events (want PB_CONNECT alone): $(cat "$work/idle.txt")"
fi
ok "idle for $((SECONDS - idle_since)) s through nginx, the stream is open: $keep_alives keep-alive comments, no event"

status=$(api diary.json POST /api/collections/diaries/records -H "Authorization: $token" -H 'content-type: application/json' \
  -d '{"date":"2026-11-24","emoji":"🌙","content":"after the idle spell"}')
[ "$status" = "200" ] || fail "create a diary: $status $(cat "$work/diary.json")"
diary_id=$(jget id <"$work/diary.json")
wait_for "$work/idle.txt" "\"id\":\"$diary_id\"" ||
  fail "the realtime event of diary $diary_id did not reach the idle subscriber: $(cat "$work/idle.txt" "$work/idle.txt.err")"
grep -q '^event:diaries' "$work/idle.txt" || fail "the event is not a diaries event: $(cat "$work/idle.txt")"
ok "realtime after the idle spell: the create event of diary $diary_id reached the subscriber through nginx"

echo "nginx-test: $passed passed, 0 failed"

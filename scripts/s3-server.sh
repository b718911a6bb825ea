#!/usr/bin/env bash
# A real S3-compatible server on loopback for the suites that need object
# storage (ops/replication, bench/replication.sh): versitygw with its posix
# backend (a bucket is a directory, an object a file), installed from the Go
# module proxy into bin/tools (git-ignored).
#
#   scripts/s3-server.sh install    installs versitygw unless bin/tools has
#                                   this version; prints its path
#   scripts/s3-server.sh start DIR  starts it on 127.0.0.1 with its data and
#                                   state in DIR (made if missing), creates
#                                   the buckets, and prints the environment a
#                                   todomate server and a test need, KEY=VALUE
#                                   lines (also in DIR/env). Started again on
#                                   the same DIR after a stop, it serves the
#                                   same port and the same objects: the
#                                   "replica unreachable for a while" test
#   scripts/s3-server.sh stop DIR   stops it (SIGTERM, SIGKILL after 10 s)
#
# The server keeps running after `start` returns (its output goes to
# DIR/server.log); whoever starts it stops it. Its credentials are fixed
# test values: it listens on loopback only.
#
# A cold install (modules downloaded, nothing built) took 4 min 33 s on this
# 2-core machine, 4 min 10 s with the modules already downloaded: nearly
# all of it is compiling versitygw's SDKs. Later runs find the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3

version=v1.8.0
module=github.com/versity/versitygw
tools=$(pwd)/bin/tools
binary=$tools/versitygw

access_key=todomate-test
secret_key=todomate-test-secret
region=us-east-1
files_bucket=todomate-files
backups_bucket=todomate-backups

usage() {
  echo "usage: $0 install | start DIR | stop DIR" >&2
  exit 2
}

# installed_version prints the module version the binary was built from
# (empty when there is no binary).
installed_version() {
  [ -x "$binary" ] || return 0
  go version -m "$binary" 2>/dev/null | awk -v m="$module" '$1 == "mod" && $2 == m { print $3 }'
}

install() {
  if [ "$(installed_version)" != "$version" ]; then
    echo "installing versitygw $version into $tools (a few minutes the first time)" >&2
    mkdir -p "$tools"
    GOBIN=$tools go install "$module/cmd/versitygw@$version" >&2
  fi
  echo "$binary"
}

# free_port prints a TCP port that is free on 127.0.0.1 right now.
free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# s3 METHOD URL [curl args]: a request signed with the test credentials; the
# HTTP status is printed, the body goes to DIR/last-response.
s3() {
  local method=$1 url=$2
  shift 2
  curl -sS --max-time 10 -o "$dir/last-response" -w '%{http_code}' -X "$method" \
    --aws-sigv4 "aws:amz:$region:s3" --user "$access_key:$secret_key" \
    -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' "$@" "$url"
}

# running: the pid in DIR/pid is a live versitygw (a recycled pid is not)
running() {
  local pid
  pid=$(cat "$dir/pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q versitygw
}

start() {
  local port endpoint status bucket
  install >/dev/null
  mkdir -p "$dir/root"
  dir=$(cd "$dir" && pwd)
  if running; then
    echo "versitygw already runs on $dir (pid $(cat "$dir/pid"))" >&2
    exit 1
  fi
  # a restart keeps its port: the replica URLs a server holds name it
  if [ -s "$dir/port" ]; then
    port=$(cat "$dir/port")
  else
    port=$(free_port)
    echo "$port" >"$dir/port"
  fi
  endpoint=http://127.0.0.1:$port

  # stdin and stdout away from the caller's: a caller reading this script's
  # output (a Go test) would otherwise wait for the server to exit
  "$binary" --port "127.0.0.1:$port" --access "$access_key" --secret "$secret_key" \
    --region "$region" --quiet posix "$dir/root" </dev/null >>"$dir/server.log" 2>&1 &
  echo $! >"$dir/pid"

  # up when it answers anything over HTTP (an unsigned request is a 403)
  for _ in $(seq 100); do
    status=$(curl -s --max-time 1 -o /dev/null -w '%{http_code}' "$endpoint/" || true)
    [ "$status" != "000" ] && break
    running || { echo "versitygw exited:" >&2; tail -n 20 "$dir/server.log" >&2; exit 1; }
    sleep 0.1
  done
  if [ "$status" = "000" ]; then
    echo "versitygw did not answer on $endpoint within 10 s:" >&2
    tail -n 20 "$dir/server.log" >&2
    stop
    exit 1
  fi

  for bucket in "$files_bucket" "$backups_bucket"; do
    status=$(s3 PUT "$endpoint/$bucket")
    # 409 BucketAlreadyOwnedByYou: a restart on the same data
    if [ "$status" != 200 ] && ! { [ "$status" = 409 ] && grep -q BucketAlreadyOwnedByYou "$dir/last-response"; }; then
      echo "creating bucket $bucket: HTTP $status" >&2
      cat "$dir/last-response" >&2
      stop
      exit 1
    fi
  done

  cat >"$dir/env" <<EOF
TODOMATE_S3_ENDPOINT=$endpoint
TODOMATE_S3_REGION=$region
TODOMATE_S3_BUCKET=$files_bucket
TODOMATE_S3_BACKUPS_BUCKET=$backups_bucket
AWS_ACCESS_KEY_ID=$access_key
AWS_SECRET_ACCESS_KEY=$secret_key
EOF
  cat "$dir/env"
}

stop() {
  local pid
  if ! running; then
    rm -f "$dir/pid"
    return 0
  fi
  pid=$(cat "$dir/pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do
    running || break
    sleep 0.1
  done
  if running; then
    echo "versitygw (pid $pid) still ran 10 s after SIGTERM: killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      running || break
      sleep 0.1
    done
  fi
  if running; then
    echo "versitygw (pid $pid) did not exit" >&2
    exit 1
  fi
  rm -f "$dir/pid"
}

case "${1:-}" in
  install) [ $# -eq 1 ] || usage; install ;;
  start) [ $# -eq 2 ] || usage; dir=$2; start ;;
  stop) [ $# -eq 2 ] || usage; dir=$2; [ -d "$dir" ] || exit 0; stop ;;
  *) usage ;;
esac

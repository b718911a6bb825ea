#!/usr/bin/env bash
# Runs every todomate test: go vet, the Go tests (rules, hooks, routes,
# migrations), and the suites that drive the real binary.
set -euo pipefail
cd "$(dirname "$0")"

# This machine's Go is older than go.mod's; the go command fetches 1.27.3.
export GOTOOLCHAIN=go1.27.3

# Debian packages the suites need (nginx, chromium, ...), installed if missing
source scripts/deps.sh

# The S3 server (versitygw) and LiteFS are built from the Go module proxy,
# minutes on an empty build cache: in the background, while the suites
# before theirs run; their suites wait for it below
tools_log=$(mktemp -t todomate-tools-XXXXXX)
nginx_log="" nginx_pid=""
cleanup() {
  # a suite failed before the nginx test ended: it stops its servers itself
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  rm -f "$tools_log" "$nginx_log"
}
trap cleanup EXIT
(scripts/s3-server.sh install && scripts/litefs.sh) >"$tools_log" 2>&1 &
tools_pid=$!

echo "== tracked files"
scripts/check-tracked.sh

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 ./...

# -- suites that drive the real binary (each script builds it, starts it on
# -- a free loopback port with a fresh data dir, and always stops it) --------

# JS SDK end-to-end suite
echo "== JS SDK end-to-end suite"
./e2e/run.sh

# nginx in front of the binary, and backup/restore
# (backup/restore is a Go test: ops/backup_test.go, run above)
echo "== deploy files: workflows and scripts lint"
./deploy/lint.sh
# nginx in front of the binary: most of its run is a realtime subscriber kept
# idle for two minutes, so it runs beside the suites below; its output is
# shown when it ends
nginx_log=$(mktemp -t todomate-nginx-test-XXXXXX)
./deploy/nginx-test.sh >"$nginx_log" 2>&1 &
nginx_pid=$!
echo "== tools for the cluster and replication suites: versitygw, LiteFS"
if ! wait "$tools_pid"; then
  cat "$tools_log" >&2
  echo "installing versitygw or LiteFS failed" >&2
  exit 1
fi
echo "== LiteFS cluster: replicas, forwarding, realtime, privacy"
./ops/cluster/test.sh
echo "== replication to S3 (kill -9, restore, point in time)"
./ops/replication/run.sh

# browser suite
./browser-tests/run.sh

echo "== nginx in front of the binary (run beside the suites above)"
nginx_status=0
wait "$nginx_pid" || nginx_status=$?
nginx_pid=""
cat "$nginx_log"
[ "$nginx_status" = 0 ] || { echo "the nginx test failed" >&2; exit 1; }

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
trap 'rm -f "$tools_log"' EXIT
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
echo "== nginx in front of the binary"
./deploy/nginx-test.sh
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

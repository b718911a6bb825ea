#!/usr/bin/env bash
# Runs every todomate test: go vet, the Go tests (rules, hooks, routes,
# migrations), and the suites that drive the real binary.
set -euo pipefail
cd "$(dirname "$0")"

# This machine's Go is older than go.mod's; the go command fetches 1.27.3.
export GOTOOLCHAIN=go1.27.3

# Debian packages the suites need (nginx, chromium, ...), installed if missing
source scripts/deps.sh

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
echo "== LiteFS cluster: replicas, forwarding, realtime, privacy"
./ops/cluster/test.sh
echo "== replication to S3 (kill -9, restore, point in time)"
./ops/replication/run.sh

# browser suite
./browser-tests/run.sh

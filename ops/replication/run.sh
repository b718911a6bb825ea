#!/usr/bin/env bash
# Runs the replication suite (ops/replication, build tag "replication")
# against the real binary and a real S3 server on loopback: builds the
# binary, starts the S3 server (scripts/s3-server.sh), runs the tests, and
# always stops the server and removes what it made.
#
# Usage: ops/replication/run.sh [go test flags, e.g. -run PointInTime]
# TODOMATE_BIN=PATH tests that binary instead of one built from the tree.
# TODOMATE_REPLICATION_REPORT=DIR keeps the kill -9 rounds' table in DIR.
# TODOMATE_SERVER_CPUS=LIST runs the servers on those CPUs (taskset; default:
# the last one, as on a machine of one; empty: all).
set -euo pipefail
cd "$(dirname "$0")/../.."
export GOTOOLCHAIN=go1.27.3

repo=$(pwd)
work=$(mktemp -d -t todomate-replication-XXXXXX)
cleanup() {
  "$repo/scripts/s3-server.sh" stop "$work/s3" || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# TODOMATE_BIN=PATH tests that binary instead of building one
if [ -n "${TODOMATE_BIN:-}" ]; then
  bin=$(realpath "$TODOMATE_BIN")
else
  echo "== build"
  bin=$work/todomate
  scripts/build.sh "$bin" >/dev/null
fi

echo "== S3 server"
scripts/s3-server.sh start "$work/s3" >"$work/s3.env"
set -a
# shellcheck source=/dev/null # written by scripts/s3-server.sh
source "$work/s3.env"
set +a
echo "versitygw on $TODOMATE_S3_ENDPOINT"

export TODOMATE_BIN=$bin
# the servers run on one CPU, as on a machine of one (fly.toml's), where
# Go gives them one P and the replication takes a second only while behind
# (replication/second_p.go); the tests' writers and S3 on the others
if [ -z "${TODOMATE_SERVER_CPUS+set}" ] && [ "$(nproc)" -gt 1 ] && command -v taskset >/dev/null; then
  export TODOMATE_SERVER_CPUS=$(($(nproc) - 1))
fi
echo "servers on CPUs ${TODOMATE_SERVER_CPUS:-all}"
export TODOMATE_TEST_S3_DIR=$work/s3
export TODOMATE_TEST_S3_SCRIPT=$repo/scripts/s3-server.sh
# the test's temp dirs (data dirs, logs) go with $work
export TMPDIR=$work

echo "== replication tests"
# go test's own timeout is the bound; timeout(1) backs it up should the test
# binary hang past it
timeout 20m go test -tags replication -count=1 -v -timeout 15m ./ops/replication/ "$@"

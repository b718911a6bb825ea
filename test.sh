#!/usr/bin/env bash
# Runs every todomate test: go vet, the Go tests (rules, hooks, routes,
# migrations), and the suites that drive the real binary.
set -euo pipefail
cd "$(dirname "$0")"

# This machine's Go is older than go.mod's; the go command fetches 1.27.3.
export GOTOOLCHAIN=go1.27.3

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 ./...

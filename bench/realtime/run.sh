#!/usr/bin/env bash
# The realtime load benchmark, before and after in one run on this machine:
# "stock" is todomate built with the stockrealtime tag (PocketBase's own
# realtime delivery), "audience" is todomate as shipped. Extra arguments go
# to both runs (see `go run ./bench/realtime -h`), e.g.
#   bench/realtime/run.sh -subscribers 1000 -duration 60s
#   bench/realtime/run.sh -rate 300
# Each run is bounded in time and stops its server.
set -euo pipefail
cd "$(dirname "$0")/../.."
export GOTOOLCHAIN=go1.27.3

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

CGO_ENABLED=0 go build -trimpath -o "$work/todomate" .
CGO_ENABLED=0 go build -trimpath -tags stockrealtime -o "$work/todomate-stock" .
go build -o "$work/load" ./bench/realtime

for variant in ${VARIANTS:-stock audience}; do
  binary="$work/todomate"
  [ "$variant" = stock ] && binary="$work/todomate-stock"
  "$work/load" -bin "$binary" -label "$variant" "$@"
done

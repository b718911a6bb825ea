#!/usr/bin/env bash
# Builds the todomate binary exactly as the Dockerfile does: static, trimmed.
# Usage: scripts/build.sh [output path, default bin/todomate]
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3
out=${1:-bin/todomate}
CGO_ENABLED=0 go build -trimpath -o "$out" .
echo "$out"

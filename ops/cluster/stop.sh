#!/usr/bin/env bash
# Stops the LiteFS cluster in WORKDIR: ends its processes, unmounts.
# Usage: ops/cluster/stop.sh WORKDIR
exec "$(dirname "$0")/cluster.sh" stop "$@"

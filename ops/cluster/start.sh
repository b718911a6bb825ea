#!/usr/bin/env bash
# Starts the 3-node loopback LiteFS cluster in WORKDIR and leaves it running.
# Usage: ops/cluster/start.sh WORKDIR (see cluster.sh for the environment)
exec "$(dirname "$0")/cluster.sh" start "$@"

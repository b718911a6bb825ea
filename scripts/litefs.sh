#!/usr/bin/env bash
# Installs LiteFS (the FUSE file system that replicates SQLite databases from
# one primary to read replicas) into bin/tools/ from the Go module proxy, and
# makes sure the machine can mount it: fusermount3 (Debian's fuse3) and
# /dev/fuse. Prints the binary's path; does nothing when that version is
# already there. As root it installs what is missing; otherwise it says what
# to install and fails. Used by ops/cluster/.
# Usage: scripts/litefs.sh
set -euo pipefail
cd "$(dirname "$0")/.."

export GOTOOLCHAIN=go1.27.3
litefs_version=v0.5.14
bin=$PWD/bin/tools/litefs

# LiteFS's mount command needs no cgo (go-sqlite3 is only in its tests and
# bench tool): a static build, with the tags of LiteFS's own Dockerfile.
if ! "$bin" version 2>/dev/null | grep -qx "LiteFS $litefs_version, commit="; then
  echo "installing LiteFS $litefs_version into bin/tools/" >&2
  mkdir -p bin/tools
  CGO_ENABLED=0 GOBIN=$PWD/bin/tools go install -trimpath \
    -tags osusergo,netgo \
    -ldflags "-s -w -X main.Version=$litefs_version" \
    "github.com/superfly/litefs/cmd/litefs@$litefs_version"
fi

root=""
[ "$(id -u)" = "0" ] && root=1

# The FUSE library LiteFS uses (bazil.org/fuse) mounts through fusermount3.
if ! command -v fusermount3 >/dev/null 2>&1; then
  if [ -z "$root" ]; then
    echo "missing fusermount3: run 'sudo apt-get install -y fuse3' and try again" >&2
    exit 1
  fi
  echo "installing fuse3 (for fusermount3)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fuse3 >/dev/null
fi

if [ ! -c /dev/fuse ]; then
  if [ -n "$root" ]; then
    mknod -m 666 /dev/fuse c 10 229 2>/dev/null || true
  fi
  if [ ! -c /dev/fuse ]; then
    echo "no /dev/fuse: this machine (or container) cannot mount FUSE file systems" >&2
    exit 1
  fi
fi

echo "$bin"

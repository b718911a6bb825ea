#!/usr/bin/env bash
# Installs what the test suites need beyond Go and Node, from Debian's
# packages, when it is missing. Sourced by test.sh. As root (CI, containers)
# it installs; otherwise it says what to install and fails.
set -euo pipefail

apt_updated=""

# need_apt PACKAGE COMMAND: install PACKAGE unless COMMAND is on the PATH.
need_apt() {
  local package=$1 command=$2
  if command -v "$command" >/dev/null 2>&1; then
    return 0
  fi
  apt_install "$package" "$command"
}

# need_apt_file PACKAGE FILE: install PACKAGE unless FILE exists.
need_apt_file() {
  local package=$1 file=$2
  if [ -e "$file" ]; then
    return 0
  fi
  apt_install "$package" "$file"
}

apt_install() {
  local package=$1 what=$2
  if [ "$(id -u)" != "0" ]; then
    echo "missing $what: run 'sudo apt-get install -y $package' and try again" >&2
    exit 1
  fi
  if [ -z "$apt_updated" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  echo "installing $package (for $what)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
}

command -v node >/dev/null 2>&1 || { echo "the suites need Node.js 20+ and npm" >&2; exit 1; }

# (suites add their packages below, one need_apt line each)
need_apt nginx nginx            # deploy/nginx-test.sh
need_apt openssl openssl        # deploy/nginx-test.sh: a throwaway TLS certificate
need_apt curl curl              # deploy/nginx-test.sh
need_apt fuse3 fusermount3      # ops/cluster/test.sh: LiteFS mounts through it
need_apt wrk wrk                # ops/cluster/test.sh: feed req/s
need_apt shellcheck shellcheck  # deploy/lint.sh
need_apt chromium chromium      # browser-tests/run.sh (driven by playwright-core, no browser download)
# the screenshots show emoji, not empty boxes
need_apt_file fonts-noto-color-emoji /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf

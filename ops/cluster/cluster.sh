#!/usr/bin/env bash
# A 3-node LiteFS cluster on loopback with a static lease: node 1 the
# primary, nodes 2 and 3 read replicas. Each node has WORKDIR/nodeN/ with
# data/ (LiteFS's state), mnt/ (the FUSE mount the application opens its
# databases in), litefs.yml (rendered from litefs.yml.tmpl), litefs.log and
# litefs.pid. 'start' leaves the nodes running and writes WORKDIR/cluster.env
# for callers to source; 'stop' ends them and unmounts. See README.md.
#
# Usage: ops/cluster/cluster.sh start|stop|status WORKDIR
#        ops/cluster/cluster.sh start-node|stop-node WORKDIR N
#
# Environment (read by 'start' when it renders the configs):
#   LITEFS_HTTP_PORT_BASE  node N's LiteFS API is on 127.0.0.1:BASE+N (20290)
#   LITEFS_APP_PORT_BASE   node N's app URL is http://127.0.0.1:BASE+N (18090)
#   LITEFS_PRIMARY_HOSTNAME  lease.hostname, what replicas show in .primary
#                          (default: node 1's app URL)
#   LITEFS_WAIT            seconds to wait for each node to get ready (30)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
nodes=3
http_base=${LITEFS_HTTP_PORT_BASE:-20290}
app_base=${LITEFS_APP_PORT_BASE:-18090}
primary_hostname=${LITEFS_PRIMARY_HOSTNAME:-http://127.0.0.1:$((app_base + 1))}
wait_seconds=${LITEFS_WAIT:-30}

usage() {
  echo "usage: $0 start|stop|status WORKDIR | start-node|stop-node WORKDIR N" >&2
  exit 2
}

[ $# -ge 2 ] || usage
cmd=$1
if [ "$cmd" = start ] || [ "$cmd" = start-node ]; then
  mkdir -p "$2"
elif [ ! -d "$2" ]; then
  exit 0 # nothing was started there
fi
workdir=$(cd "$2" && pwd)

node_dir() { echo "$workdir/node$1"; }

# node_pid N: the pid of node N's LiteFS if it is running, else nothing. The
# command line is checked so a reused pid is never taken for ours.
node_pid() {
  local dir pid
  dir=$(node_dir "$1")
  [ -f "$dir/litefs.pid" ] || return 0
  pid=$(cat "$dir/litefs.pid")
  if [ -n "$pid" ] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF "$dir/litefs.yml"; then
    echo "$pid"
  fi
}

# mounted DIR: whether DIR is a mount point, from the mount table, not stat,
# which hangs on a FUSE mount whose process is stopped.
mounted() { awk -v d="$1" '$5 == d { found = 1 } END { exit !found }' /proc/self/mountinfo; }

# sed_value TEXT: TEXT escaped for the right side of a sed s|||.
sed_value() { printf '%s' "$1" | sed -e 's/[\\&|]/\\&/g'; }

render_config() {
  local n=$1 dir candidate=false
  dir=$(node_dir "$n")
  [ "$n" = 1 ] && candidate=true
  mkdir -p "$dir/data" "$dir/mnt"
  sed -e "s|@NODE@|$n|g" \
    -e "s|@MOUNT_DIR@|$(sed_value "$dir/mnt")|g" \
    -e "s|@DATA_DIR@|$(sed_value "$dir/data")|g" \
    -e "s|@HTTP_PORT@|$((http_base + n))|g" \
    -e "s|@CANDIDATE@|$candidate|g" \
    -e "s|@PRIMARY_HOSTNAME@|$(sed_value "$primary_hostname")|g" \
    -e "s|@PRIMARY_ADVERTISE_URL@|http://127.0.0.1:$((http_base + 1))|g" \
    "$here/litefs.yml.tmpl" >"$dir/litefs.yml"
}

write_env() {
  local n dir
  {
    echo "# written by ops/cluster/cluster.sh start"
    echo "LITEFS_NODES=$nodes"
    echo "LITEFS_PRIMARY_HOSTNAME=$(printf %q "$primary_hostname")"
    for n in $(seq 1 "$nodes"); do
      dir=$(node_dir "$n")
      echo "NODE${n}_ROLE=$([ "$n" = 1 ] && echo primary || echo replica)"
      echo "NODE${n}_MOUNT=$(printf %q "$dir/mnt")"
      echo "NODE${n}_DATA=$(printf %q "$dir/data")"
      echo "NODE${n}_API=http://127.0.0.1:$((http_base + n))"
      echo "NODE${n}_APP_URL=http://127.0.0.1:$((app_base + n))"
      echo "NODE${n}_LOG=$(printf %q "$dir/litefs.log")"
    done
  } >"$workdir/cluster.env"
}

# start_node N: starts node N and waits (bounded) until its mount is up and
# it is ready: the primary holds the lease, a replica has connected to the
# primary and caught up (LiteFS logs "connected to cluster, ready" then) and
# shows the primary in .primary.
start_node() {
  local n=$1 dir bin pid offset deadline
  dir=$(node_dir "$n")
  if [ -n "$(node_pid "$n")" ]; then
    echo "node $n is already running (pid $(node_pid "$n"))" >&2
    return 1
  fi
  [ -f "$dir/litefs.yml" ] || render_config "$n"
  if mounted "$dir/mnt"; then
    fusermount3 -u "$dir/mnt" 2>/dev/null || umount -l "$dir/mnt"
  fi
  bin=$("$repo/scripts/litefs.sh")
  touch "$dir/litefs.log"
  offset=$(($(stat -c %s "$dir/litefs.log") + 1))
  # setsid: its own session, so a terminal's hangup or Ctrl-C does not reach
  # it (setsid execs, it does not fork, so $! is LiteFS's pid).
  setsid "$bin" mount -config "$dir/litefs.yml" -no-expand-env </dev/null >>"$dir/litefs.log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/litefs.pid"

  deadline=$((SECONDS + wait_seconds))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "node $n: LiteFS exited while starting; its log:" >&2
      tail -c "+$offset" "$dir/litefs.log" | tail -n 20 >&2
      return 1
    fi
    if mounted "$dir/mnt" &&
      tail -c "+$offset" "$dir/litefs.log" | grep -q "connected to cluster, ready" &&
      { [ "$n" = 1 ] || timeout 2 test -s "$dir/mnt/.primary"; }; then
      echo "node $n ready: pid $pid, mount $dir/mnt, API http://127.0.0.1:$((http_base + n))"
      return 0
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "node $n: not ready after ${wait_seconds}s; its log:" >&2
      tail -c "+$offset" "$dir/litefs.log" | tail -n 20 >&2
      return 1
    fi
    sleep 0.1
  done
}

# stop_node N [PID]: SIGTERM (LiteFS unmounts and exits), SIGKILL after 10 s,
# then unmounts what is still mounted. PID: node N's, found before it was
# signalled. Safe to run on a node that is not running.
stop_node() {
  local n=$1 dir pid=${2:-}
  dir=$(node_dir "$n")
  [ -n "$pid" ] || pid=$(node_pid "$n")
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "node $n: LiteFS (pid $pid) did not stop in 10s, killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
    fi
  fi
  rm -f "$dir/litefs.pid"
  if mounted "$dir/mnt"; then
    fusermount3 -u "$dir/mnt" 2>/dev/null || umount -l "$dir/mnt" || true
  fi
  if mounted "$dir/mnt"; then
    echo "node $n: $dir/mnt is still mounted" >&2
    return 1
  fi
  [ -z "$pid" ] || echo "node $n stopped"
}

stop_all() {
  local n status=0
  local -a pids
  # Signal them all first, then wait for each.
  for n in $(seq "$nodes" -1 1); do
    pids[n]=$(node_pid "$n")
    [ -z "${pids[n]}" ] || kill -TERM "${pids[n]}" 2>/dev/null || true
  done
  for n in $(seq "$nodes" -1 1); do
    stop_node "$n" "${pids[n]}" || status=1
  done
  return "$status"
}

case "$cmd" in
  start)
    [ $# -eq 2 ] || usage
    for n in $(seq 1 "$nodes"); do
      if [ -n "$(node_pid "$n")" ]; then
        echo "a cluster is already running in $workdir: run $here/stop.sh $workdir first" >&2
        exit 1
      fi
    done
    "$repo/scripts/litefs.sh" >/dev/null
    for n in $(seq 1 "$nodes"); do
      render_config "$n"
    done
    write_env
    for n in $(seq 1 "$nodes"); do
      if ! start_node "$n"; then
        stop_all || true
        exit 1
      fi
    done
    echo "cluster up; source $workdir/cluster.env"
    ;;
  stop)
    [ $# -eq 2 ] || usage
    stop_all
    ;;
  start-node)
    [ $# -eq 3 ] || usage
    start_node "$3"
    ;;
  stop-node)
    [ $# -eq 3 ] || usage
    stop_node "$3"
    ;;
  status)
    [ $# -eq 2 ] || usage
    for n in $(seq 1 "$nodes"); do
      dir=$(node_dir "$n")
      pid=$(node_pid "$n")
      state=stopped
      [ -z "$pid" ] || state="running (pid $pid)"
      mounted "$dir/mnt" && state="$state, mounted"
      echo "node $n: $state"
    done
    ;;
  *)
    usage
    ;;
esac

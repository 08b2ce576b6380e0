#!/usr/bin/env bash
# Start, stop or inspect a private dockerd whose state lives entirely under DIR.
#
#   scripts/dockerd.sh start  DIR   # prints: export DOCKER_HOST=unix://DIR/docker.sock
#   scripts/dockerd.sh stop   DIR
#   scripts/dockerd.sh status DIR
#
# Several dockerds may run on one host (other engineers, CI), so this one never touches the
# default bridge (docker0) or the host's iptables, and takes its networks from an address pool of
# its own. Override the pool with PLANE_DOCKERD_POOL (e.g. base=10.214.0.0/16,size=24).
set -euo pipefail

usage() { echo "usage: $0 start|stop|status DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$2
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
sock="$dir/docker.sock"
pidfile="$dir/docker.pid"
log="$dir/log"
pool=${PLANE_DOCKERD_POOL:-base=10.213.0.0/16,size=24}

running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid=$(cat "$pidfile" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

ping_ok() {
  [ -S "$sock" ] && curl -fsS --max-time 2 --unix-socket "$sock" http://localhost/_ping >/dev/null 2>&1
}

case "$action" in
  start)
    if pid=$(running_pid); then
      echo "dockerd already running in $dir (pid $pid)" >&2
    else
      command -v dockerd >/dev/null || { echo "dockerd not found (apt-get install -y docker.io)" >&2; exit 1; }
      mkdir -p "$dir/data" "$dir/exec"
      rm -f "$sock"
      # setsid: the daemon must outlive this script and its terminal.
      setsid dockerd \
        --data-root "$dir/data" \
        --exec-root "$dir/exec" \
        -H "unix://$sock" \
        --pidfile "$pidfile" \
        --bridge=none \
        --iptables=false \
        --default-address-pool "$pool" \
        >"$log" 2>&1 </dev/null &
    fi
    # Bounded wait: 60 x 0.5 s.
    for _ in $(seq 1 60); do
      if ping_ok; then
        echo "export DOCKER_HOST=unix://$sock"
        exit 0
      fi
      if ! running_pid >/dev/null && [ -f "$log" ] && grep -q -E 'level=fatal|failed to start daemon' "$log"; then
        break
      fi
      sleep 0.5
    done
    echo "dockerd in $dir did not answer /_ping within 30 s; last log lines:" >&2
    tail -n 20 "$log" >&2 || true
    exit 1
    ;;
  stop)
    if ! pid=$(running_pid); then
      echo "dockerd in $dir is not running"
      exit 0
    fi
    kill -TERM "$pid"
    # Bounded wait: dockerd stops its containers first (default 15 s shutdown timeout).
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || { echo "dockerd in $dir stopped"; exit 0; }
      sleep 0.5
    done
    echo "dockerd (pid $pid) still running after 30 s; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    ;;
  status)
    if pid=$(running_pid) && ping_ok; then
      echo "running (pid $pid): export DOCKER_HOST=unix://$sock"
    elif pid=$(running_pid); then
      echo "process $pid alive but /_ping does not answer on $sock" >&2
      exit 1
    else
      echo "not running"
      exit 3
    fi
    ;;
  *) usage ;;
esac

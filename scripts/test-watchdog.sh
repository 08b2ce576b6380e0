#!/usr/bin/env bash
# Watches a running `swift test` and turns a hang into a bounded failure that says where it hung.
#
#   scripts/test-watchdog.sh PID LOG [DOCKERD_DIR]
#
# PID is the `swift test` process, LOG the file its output is copied to (line by line). When the log
# has been silent for PLANE_TEST_SILENCE seconds (default 900: the longest quiet stretch of a passing
# run on 2 cores is about 4 min) or the run has taken PLANE_TEST_LIMIT seconds (default 3000), it
# prints what was still running: the tests started and not finished, the processes under the run,
# every thread of the test process (gdb), the private dockerd's goroutines and the end of its log;
# then it kills the run, which fails the suite. A run that ends first stops the watchdog.
set -uo pipefail
pid=$1
log=$2
dockerd_dir=${3:-}
silence=${PLANE_TEST_SILENCE:-900}
limit=${PLANE_TEST_LIMIT:-3000}
start=$(date +%s)

alive() { kill -0 "$pid" 2>/dev/null; }
descendants() {
  local child
  for child in $(pgrep -P "$1"); do echo "$child"; descendants "$child"; done
}

while alive; do
  sleep 10
  now=$(date +%s)
  changed=$(stat -c %Y "$log" 2>/dev/null || echo "$now")
  if [ $((now - changed)) -ge "$silence" ]; then
    reason="no test output for $((now - changed)) s"
  elif [ $((now - start)) -ge "$limit" ]; then
    reason="the tests have run for $((now - start)) s"
  else
    continue
  fi
  alive || exit 0
  {
    echo
    echo "=== test watchdog: $reason; what was still running ==="
    echo "--- tests started and not finished"
    python3 - "$log" <<'EOF'
import re, sys
started, ended = {}, {}
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.match(r"^\S+ (Test|Suite) (.+?) (started\.|passed after|failed after|skipped)", line)
    if not m:
        continue
    if m.group(2) == "run":  # the whole run's own line
        continue
    key = (m.group(1), m.group(2))
    table = started if m.group(3) == "started." else ended
    table[key] = table.get(key, 0) + 1
for key, count in started.items():
    if count > ended.get(key, 0):
        print(f"{key[0]} {key[1]}")
EOF
    echo "--- processes under the run"
    family=$(descendants "$pid")
    ps -o pid,ppid,etimes,stat,args -p "$pid${family:+,$(echo $family | tr ' ' ',')}" 2>/dev/null | cut -c1-220 | head -80
    test_pid=$(for p in $family; do grep -l planePackageTests "/proc/$p/cmdline" >/dev/null 2>&1 && echo "$p"; done | head -1)
    if [ -n "$test_pid" ] && command -v gdb >/dev/null; then
      echo "--- threads of the test process $test_pid (gdb)"
      timeout 120 gdb -p "$test_pid" -batch -ex 'set pagination off' -ex 'thread apply all bt 25' 2>/dev/null \
        | grep -E '^(Thread|#)' | cut -c1-200 | head -600
    fi
    if [ -n "$dockerd_dir" ] && [ -f "$dockerd_dir/docker.pid" ]; then
      dpid=$(cat "$dockerd_dir/docker.pid")
      echo "--- the private dockerd ($dpid): containers"
      DOCKER_HOST="unix://$dockerd_dir/docker.sock" timeout 20 docker ps -a 2>&1 | head -40
      echo "--- the private dockerd: goroutines (SIGUSR1)"
      kill -USR1 "$dpid" 2>/dev/null
      sleep 3
      dump=$(ls -t "$dockerd_dir"/exec/goroutine-stacks-*.log 2>/dev/null | head -1)
      if [ -n "$dump" ]; then
        # The goroutines blocked for minutes are the interesting ones.
        awk '/^goroutine /{keep = ($0 ~ /minutes/)} keep' "$dump" | head -400
      fi
      echo "--- the private dockerd: last log lines"
      tail -n 60 "$dockerd_dir/log" 2>/dev/null | cut -c1-300
    fi
    echo "=== test watchdog: stopping the run ==="
  } >&2
  [ -n "${test_pid:-}" ] && kill -KILL "$test_pid" 2>/dev/null
  kill -TERM "$pid" 2>/dev/null
  exit 0
done

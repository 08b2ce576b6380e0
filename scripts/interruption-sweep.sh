#!/usr/bin/env bash
# The interruption sweep, on a private dockerd: an `up` that replaces every service of a stack is
# killed (SIGKILL), interrupted (SIGINT) or terminated (SIGTERM) at 0.5, 1, 2, 4 and 8 s, and once
# the dockerd itself is restarted mid-run. While it runs, no service may have two containers
# running; after each, the next `up` must converge (exit 0), leave no `*_plane-old` container, and
# `plane plan` must exit 0. The short CI variant is Tests/PlaneKitTests/Integration/InterruptionSweepTests.
#
#   scripts/interruption-sweep.sh STACK_DIR DOCKERD_DIR [PROFILE]
#
# SWEEP_PUBLISH=SERVICE:HOSTPORT:CONTAINERPORT makes SERVICE publish 127.0.0.1:HOSTPORT too, and
# each check then requires an answer on it (a service with a published port comes back).
# STACK_DIR: a compose project (e.g. a copy of Tests/PlaneKitTests/Resources/UpStack, secrets 0600);
# DOCKERD_DIR: the folder given to scripts/dockerd.sh start (its socket is DOCKERD_DIR/docker.sock).
# Needs the plane binary (.build/release/plane, else .build/debug/plane), curl, jq and awk.
set -euo pipefail

[ $# -ge 2 ] || { echo "usage: $0 STACK_DIR DOCKERD_DIR [PROFILE]" >&2; exit 2; }
stack=$(cd "$1" && pwd)
dockerd_dir=$(cd "$2" && pwd)
profile=${3:-*}
here=$(cd "$(dirname "$0")/.." && pwd)
plane=$here/.build/release/plane
[ -x "$plane" ] || plane=$here/.build/debug/plane
sock=$dockerd_dir/docker.sock
export DOCKER_HOST=unix://$sock
export PLANE_STATE_DIR=${PLANE_STATE_DIR:-$(mktemp -d)}
project=sweep-$$
failures=0

containers() { curl -s --unix-socket "$sock" "http://x/containers/json?all=1&filters=%7B%22label%22%3A%5B%22com.docker.compose.project%3D$project%22%5D%7D"; }
doubles() { containers | jq -r '[.[] | select(.State=="running" or .State=="restarting") | .Labels["com.docker.compose.service"]] | group_by(.) | map(select(length>1) | .[0]) | .[]'; }
aside() { containers | jq -r '.[] | .Names[0] | select(endswith("_plane-old"))'; }
services() { "$plane" config -p "$project" --profile "$profile" --services 2>/dev/null || true; }

generation=0
change_everything() {
  generation=$((generation + 1))
  {
    echo "services:"
    for s in $(services); do
      printf '  %s:\n    labels: {dev.plane.test.sweep: "%s"}\n' "$s" "$generation"
      # SWEEP_PUBLISH=service:hostport:containerport: that service also publishes a port on
      # 127.0.0.1, so an old and a new container running together could not both start.
      if [ -n "${SWEEP_PUBLISH:-}" ] && [ "${SWEEP_PUBLISH%%:*}" = "$s" ]; then
        printf '    ports: ["127.0.0.1:%s"]\n' "${SWEEP_PUBLISH#*:}"
      fi
    done
  } > "$stack/compose.override.yaml"
}

check() {
  local what=$1
  if ! (cd "$stack" && "$plane" up -p "$project" --profile "$profile" --wait >/dev/null 2>&1); then
    echo "FAIL $what: the next up did not converge"; failures=$((failures + 1)); return
  fi
  local left; left=$(aside)
  [ -z "$left" ] || { echo "FAIL $what: left aside: $left"; failures=$((failures + 1)); }
  (cd "$stack" && "$plane" plan -p "$project" --profile "$profile" >/dev/null 2>&1) || { echo "FAIL $what: plan not empty"; failures=$((failures + 1)); }
  if [ -n "${SWEEP_PUBLISH:-}" ]; then
    local hostport=${SWEEP_PUBLISH#*:}; hostport=${hostport%%:*}
    curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$hostport/" \
      || { echo "FAIL $what: the published port 127.0.0.1:$hostport does not answer"; failures=$((failures + 1)); }
  fi
  echo "ok   $what"
}

interrupt() {
  local signal=$1 delay=$2
  change_everything
  (cd "$stack" && exec "$plane" up -p "$project" --profile "$profile" >/dev/null 2>&1) &
  local pid=$! start; start=$(date +%s.%N)
  while awk -v now="$(date +%s.%N)" -v start="$start" -v delay="$delay" 'BEGIN { exit !(now - start < delay) }'; do
    local twice; twice=$(doubles); [ -z "$twice" ] || { echo "FAIL $signal@$delay: running twice: $twice"; failures=$((failures + 1)); }
    sleep 0.1
  done
  if [ "$signal" = dockerd-restart ]; then
    bash "$here/scripts/dockerd.sh" stop "$dockerd_dir" >/dev/null
    PLANE_DOCKERD_POOL=${PLANE_DOCKERD_POOL:-} bash "$here/scripts/dockerd.sh" start "$dockerd_dir" >/dev/null
  else
    kill -s "$signal" "$pid" 2>/dev/null || true
  fi
  while kill -0 "$pid" 2>/dev/null; do
    local twice; twice=$(doubles); [ -z "$twice" ] || { echo "FAIL $signal@$delay: running twice: $twice"; failures=$((failures + 1)); }
    sleep 0.1
  done
  wait "$pid" 2>/dev/null || true
  check "$signal at ${delay}s"
}

(cd "$stack" && "$plane" up -p "$project" --profile "$profile" --wait >/dev/null)
for signal in KILL INT TERM; do
  for delay in 0.5 1 2 4 8; do interrupt "$signal" "$delay"; done
done
interrupt dockerd-restart 2
(cd "$stack" && "$plane" down -p "$project" -v >/dev/null 2>&1) || true
rm -f "$stack/compose.override.yaml"
echo "$failures failure(s)"
[ "$failures" -eq 0 ]

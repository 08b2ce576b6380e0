#!/usr/bin/env bash
# The binary as it ships (scripts/build-release.sh: optimised, Swift runtime linked statically) run
# through every command on a two-service project, against the engine of $DOCKER_HOST (a private
# dockerd with scripts/test-images.sh's images). The test suite runs the debug build; a fault only
# the shipped binary has would otherwise reach users first (it happened: `TaskLocal.withValue`
# crashed the release `up --format json`, `down` and `doctor`, never the debug build).
#
#   scripts/release-smoke.sh [PLANE_BINARY]     # default: builds it with scripts/build-release.sh
#
# Each step names its expected exit code; any other code (a crash is 139) fails the script with the
# step's output.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
[ -n "${DOCKER_HOST:-}" ] || { echo "release-smoke: set DOCKER_HOST to a private dockerd" >&2; exit 1; }
plane=${1:-$(bash scripts/build-release.sh)}
project=$(mktemp -d /tmp/plane-smoke.XXXXXX)
export PLANE_STATE_DIR="$project/state" NO_COLOR=1
cleanup() {
  (cd "$project" && "$plane" down -t 0 >/dev/null 2>&1) || true
  rm -rf "$project"
}
trap cleanup EXIT

cat >"$project/compose.yaml" <<'EOF'
name: plane-smoke
services:
  web:
    image: local/busybox:1
    command: ["sh", "-c", "echo hello from web; exec sleep 3600"]
    stop_signal: SIGKILL
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
      retries: 30
  worker:
    image: local/busybox:1
    command: ["sh", "-c", "echo hello from worker; exec sleep 3600"]
    stop_signal: SIGKILL
    depends_on:
      web:
        condition: service_healthy
EOF

steps=0
step() {
  local expect=$1; shift
  local code=0
  (cd "$project" && "$plane" "$@") >"$project/out" 2>"$project/err" </dev/null || code=$?
  steps=$((steps + 1))
  if [ "$code" != "$expect" ]; then
    echo "release-smoke: plane $* exited $code, expected $expect" >&2
    echo "--- stdout" >&2; tail -n 40 "$project/out" >&2
    echo "--- stderr" >&2; tail -n 40 "$project/err" >&2
    exit 1
  fi
}
contains() {
  grep -q -- "$1" "$project/out" || { echo "release-smoke: the output of the last step lacks \"$1\"" >&2; cat "$project/out" >&2; exit 1; }
}

step 0 --version
step 0 config --format json
step 0 config --hash '*'
step 0 lint --format json
step 2 plan
step 2 plan --format json
step 0 up --wait --format json
contains '"event":"result"'
step 0 ps --format json
contains '"Service":"web"'
step 0 ps -q
step 0 logs --tail 5
contains 'hello from worker'
step 0 exec -T web echo exec-ok
contains 'exec-ok'
step 3 exec -T web sh -c 'exit 3'
step 0 plan --format json
step 0 drift --format json
step 0 doctor --format json
step 0 health --format json
step 0 restart worker
step 0 stop worker
step 0 start worker
step 0 history --format json
step 0 down --format json
contains '"event":"result"'
step 2 logs --tail 1 no-such-service
echo "release-smoke: $steps steps of $plane passed"

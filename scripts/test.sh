#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, starts a private dockerd for the
# engine tests, builds plane and runs every test. Stops what it started on every exit path.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

bash scripts/install-deps.sh
export PLANE_COMPOSE_ORACLE="$here/.tools/docker-compose"

if [ -x scripts/dockerd.sh ] || [ -f scripts/dockerd.sh ]; then
  state=$(mktemp -d /tmp/plane-test-dockerd.XXXXXX)
  trap 'bash scripts/dockerd.sh stop "$state" >/dev/null 2>&1 || true; rm -rf "$state" 2>/dev/null || true' EXIT
  eval "$(bash scripts/dockerd.sh start "$state")"
  export PLANE_TEST_DOCKER_HOST="$DOCKER_HOST"
  [ -f scripts/test-images.sh ] && bash scripts/test-images.sh
fi

swift build --build-tests

# The tests, watched: their output is copied line by line (stdbuf: swift-testing's writes are
# otherwise block-buffered into a pipe, and a hung run shows where it was minutes earlier), and
# scripts/test-watchdog.sh turns a hang into a failure that names what was still running.
log=$(mktemp /tmp/plane-test-output.XXXXXX)
stdbuf -oL -eL swift test --skip-build "$@" >"$log" 2>&1 &
tests=$!
bash scripts/test-watchdog.sh "$tests" "$log" "${state:-}" &
watchdog=$!
tail -n +1 -f --pid="$tests" "$log" &
follower=$!
status=0
wait "$tests" || status=$?
wait "$follower" 2>/dev/null || true
kill "$watchdog" 2>/dev/null || true
rm -f "$log"
[ "$status" -eq 0 ] || exit "$status"

# The shipped binary (release, static runtime) through every command on a small project: the tests
# above run the debug build (scripts/release-smoke.sh says why). PLANE_RELEASE_SMOKE=0 skips it.
if [ "${PLANE_RELEASE_SMOKE:-1}" != "0" ] && [ -n "${PLANE_TEST_DOCKER_HOST:-}" ]; then
  DOCKER_HOST="$PLANE_TEST_DOCKER_HOST" bash scripts/release-smoke.sh
fi

# Bounded fuzzing of the YAML loader, the dotenv parser and the interpolation parser (libFuzzer,
# scripts/fuzz.sh): 30 s each by default, about 2 min with the instrumented compile on 2 cores.
# PLANE_FUZZ_SECONDS=0 skips it.
if [ "${PLANE_FUZZ_SECONDS:-30}" != "0" ]; then
  bash scripts/fuzz.sh "${PLANE_FUZZ_SECONDS:-30}"
fi

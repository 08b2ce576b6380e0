#!/usr/bin/env bash
# `plane drift` against `docker compose up --dry-run -d` on the repository's own 28-service stack, as
# scripts/run.sh left it running (real Traefik/HAProxy/LAPI edge, stand-ins for the apps), paired run by
# run with farm-bench (A plane, B compose, alternated). Issue 12's targets: < 200 ms and <= 1/4 of compose.
#   bash scripts/run.sh            # once: brings the stack up and leaves it running
#   bash bench/drift_stack.sh [RUNS]
# Run it alone on the machine (docs/PERFORMANCE.md says how the published figures were taken).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
env_file=${PLANE_RUN_DIR:-/tmp/plane-run}/local/env.sh
[ -f "$env_file" ] || { echo "drift_stack.sh: no running stack ($env_file); run scripts/run.sh first" >&2; exit 2; }
# shellcheck disable=SC1090
. "$env_file"
plane=${PLANE:-$here/.build-static/release/plane}
compose=${DOCKER_COMPOSE:-$here/.tools/docker-compose}
cd "$here"
# Both must see the converged stack: plane drift exits 0 and compose's dry run plans nothing but waits.
"$plane" --profile '*' drift >/dev/null || { echo "drift_stack.sh: plane drift does not exit 0 on this stack" >&2; exit 1; }
set -f
farm-bench -n "${1:-15}" --warmup 2 --vs "$compose --profile * up --dry-run -d" -- "$plane" --profile '*' drift

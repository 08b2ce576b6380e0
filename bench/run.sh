#!/usr/bin/env bash
# Benchmarks plane against docker compose in one run; writes the numbers to stdout.
# plane is built the way it ships (scripts/build-release.sh).
#   bench/run.sh          # everything: config and lint (files only), up/ps (on a private dockerd)
#   bench/run.sh config   # plane config vs docker compose config
#   bench/run.sh lint     # plane lint on the repository's stack
#   bench/run.sh up       # plane up/ps vs docker compose up/ps
#   bench/run.sh down     # plane down vs docker compose down (28 services, 2 s stop grace period)
#   bench/run.sh drift    # plane drift vs docker compose up --dry-run -d (28 services)
#   bench/run.sh logs     # plane logs --tail 100 and ps -q vs docker compose's (28 services)
#   bench/run.sh upgrade  # plane upgrade vs docker compose pull && up -d, one tag moved (28 services, loopback registry)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
what=${1:-all}
bash scripts/install-deps.sh >/dev/null
export PLANE="$(bash scripts/build-release.sh 2>/dev/null)" DOCKER_COMPOSE="$here/.tools/docker-compose"

if [ "$what" = all ] || [ "$what" = config ]; then
  python3 bench/config_bench.py
fi

if [ "$what" = all ] || [ "$what" = lint ]; then
  python3 bench/lint_bench.py
fi

if [ "$what" = all ] || [ "$what" = up ] || [ "$what" = down ] || [ "$what" = drift ] || [ "$what" = logs ] || [ "$what" = upgrade ]; then
  # A private dockerd of its own (stopped again on exit), with the local test images.
  state=$(mktemp -d /tmp/plane-bench-dockerd.XXXXXX)
  trap 'bash scripts/dockerd.sh stop "$state" >/dev/null 2>&1 || true; rm -rf "$state" 2>/dev/null || true' EXIT
  eval "$(bash scripts/dockerd.sh start "$state")"
  bash scripts/test-images.sh >/dev/null
  case "$what" in all|up) python3 bench/up_bench.py ;; esac
  case "$what" in all|down) python3 bench/down_bench.py ;; esac
  case "$what" in all|drift) python3 bench/drift_bench.py ;; esac
  case "$what" in all|logs) python3 bench/logs_bench.py ;; esac
  case "$what" in all|upgrade) python3 bench/upgrade_bench.py ;; esac
fi

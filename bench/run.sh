#!/usr/bin/env bash
# Benchmarks plane against docker compose in one run; writes the numbers to stdout.
# plane is built the way it ships: release mode, Swift runtime linked statically.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bash scripts/install-deps.sh >/dev/null
swift build -c release --static-swift-stdlib --scratch-path .build-static --product plane >/dev/null
PLANE="$here/.build-static/release/plane" DOCKER_COMPOSE="$here/.tools/docker-compose" python3 bench/config_bench.py
PLANE="$here/.build-static/release/plane" python3 bench/lint_bench.py

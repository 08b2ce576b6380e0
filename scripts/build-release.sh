#!/usr/bin/env bash
# Builds plane the way it ships: release mode, Swift runtime and Foundation linked statically (no
# Swift shared libraries to install), not position-independent. Prints the binary's path.
#
# Why -no-pie: the static runtime carries ~78,000 pointer relocations; in a PIE binary the loader
# rewrites them at every start, which costs ~2 MiB of private memory per process (plane config on
# 300 services: 20.6 MiB PIE, 18.7 MiB non-PIE; docs/PERFORMANCE.md). The price is that the
# executable's own image is not address-randomised (shared libraries, stack and heap still are).
# Set PLANE_PIE=1 to build a PIE binary instead.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
flags=(-c release --static-swift-stdlib --scratch-path .build-static --product plane)
[ "${PLANE_PIE:-0}" = 1 ] || flags+=(-Xlinker -no-pie)
swift build "${flags[@]}" >&2
echo "$here/.build-static/release/plane"

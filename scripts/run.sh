#!/usr/bin/env bash
# Sets up a fresh Debian machine and runs plane's main job on the repository's own stack:
# installs what is missing, builds plane as it ships, prepares env files and placeholder secrets,
# starts a private dockerd with stand-in images (no registry is reachable), then brings the six
# profiles up in order with `plane up --wait`, over the Engine API.
#
# The private dockerd keeps running afterwards (state in $PLANE_RUN_DIR, default /tmp/plane-run):
#   export DOCKER_HOST=unix:///tmp/plane-run/docker.sock; .build-static/release/plane ps
#   bash scripts/dockerd.sh stop /tmp/plane-run
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
state=${PLANE_RUN_DIR:-/tmp/plane-run}

bash scripts/install-deps.sh
plane=$(bash scripts/build-release.sh)
bash scripts/install-completions.sh "$plane"
bash scripts/stack-init.sh

mkdir -p "$state"
eval "$(bash scripts/dockerd.sh start "$state")"
echo "private dockerd: $DOCKER_HOST"
PLANE="$plane" bash scripts/standin-images.sh
# The runbook's bootstrap step: the two external networks are created once, by the operator.
for network in t3_proxy socket_proxy; do
  docker network inspect "$network" >/dev/null 2>&1 || docker network create "$network" >/dev/null
done
# Published ports go to loopback here, never to the VM address of .env.example.
export VM300_IP=127.0.0.1 PLANE_STATE_DIR="$state/plane-state"

for profile in core dashboard medias apps automatisation monitoring; do
  echo "== plane up --profile $profile --wait"
  "$plane" up --profile "$profile" --wait --wait-timeout 600
done
"$plane" --profile '*' ps
echo "stack up. stop everything with: $plane --profile '*' down && bash scripts/dockerd.sh stop $state"

#!/usr/bin/env bash
# Sets up a fresh Debian machine and runs plane's main job on the repository's own stack:
# installs what is missing, builds plane, prepares env files and placeholder secrets, starts a
# private dockerd with stand-in images, then resolves every profile with plane.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
state=${PLANE_RUN_DIR:-/tmp/plane-run}

bash scripts/install-deps.sh
swift build -c release --product plane
plane="$here/.build/release/plane"

[ -f scripts/stack-init.sh ] && bash scripts/stack-init.sh

if [ -f scripts/dockerd.sh ]; then
  mkdir -p "$state"
  eval "$(bash scripts/dockerd.sh start "$state")"
  echo "private dockerd: $DOCKER_HOST (stop it with: bash scripts/dockerd.sh stop $state)"
  [ -f scripts/standin-images.sh ] && bash scripts/standin-images.sh
fi

for profile in core dashboard medias apps automatisation monitoring; do
  count=$("$plane" --profile "$profile" config --services | wc -l)
  echo "profile $profile: $count services resolved"
done
"$plane" --profile '*' config --format json > "$state/vm300.json"
echo "full model: $state/vm300.json ($("$plane" --profile '*' config --services | wc -l) services)"

#!/usr/bin/env bash
# Sets up a fresh Debian machine and runs plane's main job on the repository's own stack:
# installs what is missing, builds plane as it ships, prepares env files and placeholder secrets,
# starts a private dockerd, makes the images (no registry is reachable), brings the six profiles up
# in order with `plane up --wait` over the Engine API, and ends by proving the stack with
# `plane health` (exit non-zero, naming what failed, if it does not pass).
#
# What is real (README, "The main job"): Traefik 3.5.3 as the `traefik` service, HAProxy as the
# `socket-proxy` (Traefik's docker provider reads the private dockerd through it), the CrowdSec LAPI,
# the Prometheus receiver and the Prometheus agent behind Alloy (VM100 stand-ins, host processes on the
# t3_proxy gateway). Doubles (scripts/doubles): the ForwardAuth bouncer, the Authentik outpost, Alloy,
# Loki. Everything else is a busybox stand-in (scripts/standin-images.sh).
# The stack's files are not edited: the local edge is an override file generated into the run directory
# ($PLANE_RUN_DIR/local, scripts/local-edge.py) and passed with COMPOSE_FILE.
#
# Everything keeps running afterwards (state in $PLANE_RUN_DIR, default /tmp/plane-run):
#   . /tmp/plane-run/local/env.sh; .build-static/release/plane ps     (the printed last lines say it all)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
state=${PLANE_RUN_DIR:-/tmp/plane-run}

bash scripts/install-deps.sh
plane=$(bash scripts/build-release.sh)
bash scripts/install-completions.sh "$plane"
bash scripts/stack-init.sh

mkdir -p "$state"
state=$(cd "$state" && pwd)
eval "$(bash scripts/dockerd.sh start "$state")"
echo "private dockerd: $DOCKER_HOST"
# The runbook's bootstrap step: the two external networks are created once, by the operator.
for network in t3_proxy socket_proxy; do
  docker network inspect "$network" >/dev/null 2>&1 || docker network create "$network" >/dev/null
done

# VM100 stand-ins (real CrowdSec LAPI, real Prometheus receiver + agent, Loki double) on the t3_proxy
# gateway: a host address the containers reach, on the private dockerd's own network.
gateway=$(docker network inspect -f '{{ (index .IPAM.Config 0).Gateway }}' t3_proxy)
vm100="$state/vm100"
bash scripts/health-env.sh stop "$vm100" 2>/dev/null || true
HEALTH_HOST_LABEL=vm300 bash scripts/health-env.sh start-vm100 "$vm100" "$gateway"

root_env() { sed -n "s/^$1=//p" "$here/.env" | tail -1; }
sock=${DOCKER_HOST#unix://}
mkdir -p "$state/local"
cat >"$state/local/env.sh" <<ENV
# the environment of the local run (scripts/run.sh): source it before any plane command on this stack
export DOCKER_HOST=$DOCKER_HOST
# published ports go to loopback here, never to the VM address of .env.example
export VM300_IP=127.0.0.1
export PLANE_STATE_DIR=$state/plane-state
# the socket-proxy (real HAProxy) serves the private dockerd's socket
export DOCKER_SOCKET_HOST=$sock DOCKER_GID=$(stat -c %g "$sock")
# the stack's files, then the local edge (scripts/local-edge.py), then plane health's addresses
export COMPOSE_FILE=$here/compose.yaml:$state/local/compose.local.yaml:$state/local/compose.health.yaml
ENV
"$plane" --project-directory "$here" --profile '*' config --format json >"$state/local/config.json"
REPO=$here PLANE_CONFIG_JSON=$state/local/config.json GATEWAY=$gateway VM100_ENV=$vm100/env \
  PUID=$(root_env PUID) PGID=$(root_env PGID) DOMAIN=$(root_env DOMAIN) HOST_LABEL=vm300 \
  /usr/bin/python3 scripts/local-edge.py override "$state"
# until the stack is up, plane health's addresses are unknown: an empty third file
printf '# written by scripts/run.sh once the stack is up\nservices: {}\n' >"$state/local/compose.health.yaml"
# shellcheck disable=SC1091
. "$state/local/env.sh"

PLANE="$plane" bash scripts/standin-images.sh
PLANE="$plane" bash scripts/edge-images.sh

for profile in core dashboard medias apps automatisation monitoring; do
  echo "== plane up --profile $profile --wait"
  "$plane" up --profile "$profile" --wait --wait-timeout 600
done
"$plane" --profile '*' ps

address_of() {  # a service's container address on t3_proxy
  docker inspect -f '{{ (index .NetworkSettings.Networks "t3_proxy").IPAddress }}' "$(docker ps -q \
    --filter label=com.docker.compose.project=vm300 --filter "label=com.docker.compose.service=$1" | head -1)"
}
alloy_ip=$(address_of telemetrie-agent)
REPO=$here VM100_ENV=$vm100/env HOST_LABEL=vm300 TRAEFIK_IP=$(address_of traefik) ALLOY_IP=$alloy_ip \
  /usr/bin/python3 scripts/local-edge.py health "$state"
# The stack gives Alloy no healthcheck (its image has no probe tool), so `up --wait` returns as soon as it
# runs; give it (here its double) up to 30 s to listen before the proof, as an operator would.
for _ in $(seq 1 60); do
  curl -fs -m 1 -o /dev/null "http://$alloy_ip:12345/-/ready" && break
  sleep 0.5
done

echo "== plane --profile '*' health"
echo "   real: Traefik 3.5.3, HAProxy socket-proxy, CrowdSec LAPI, Prometheus receiver + agent;"
echo "   doubles: ForwardAuth bouncer, Authentik outpost, Alloy, Loki; the CrowdSec Yaegi plugin"
echo "   (downloaded by Traefik at start, impossible offline) is replaced by the ForwardAuth bouncer path"
status=0
/usr/bin/time -v -o "$state/local/health.time" "$plane" --profile '*' health --timeout 120s || status=$?
echo "   plane health: $(sed -n 's/.*Elapsed (wall clock) time.*): //p' "$state/local/health.time") wall," \
  "$(awk '/Maximum resident set size/ {printf "%.1f", $NF / 1024}' "$state/local/health.time") MiB peak RSS, exit $status"
if [ "$status" -ne 0 ]; then
  echo "run.sh: plane health failed (exit $status): see the fail lines above" >&2
  exit "$status"
fi
echo "stack up and proven. Use it with: . $state/local/env.sh; $plane --profile '*' ps"
echo "stop everything with: . $state/local/env.sh; $plane --profile '*' down; bash scripts/health-env.sh stop $vm100; bash scripts/dockerd.sh stop $state"

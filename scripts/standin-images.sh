#!/usr/bin/env bash
# Makes a local stand-in for every image the stack names, so the stack can come up on a machine
# that reaches no registry. Each stand-in is busybox with stubs for the tools the stack's
# healthchecks and entrypoints call (curl, wget, traefik, cscli, /proxy...), and an entrypoint
# that ignores its arguments and idles until stopped. Stand-ins are labelled
# dev.plane.standin=true; real images with the same name are never overwritten.
# Uses the docker CLI against $DOCKER_HOST (a setup script; plane itself never shells out).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
plane=${PLANE:-$here/.build/release/plane}
busybox=$(command -v busybox || echo /bin/busybox)
[ -x "$busybox" ] || { echo "standin-images: busybox-static is not installed (scripts/install-deps.sh)" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,usr/bin,usr/local/bin,tmp,run,etc,www}
chmod 1777 "$root/tmp" "$root/run"   # as in real images: tmpfs mounts copy the image folder's mode
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
stub() { printf '#!/bin/sh\n# stand-in: always succeeds\nexit 0\n' > "$1"; chmod 0755 "$1"; }
for tool in wget traefik cscli healthcheck; do rm -f "$root/usr/bin/$tool" "$root/bin/$tool"; stub "$root/usr/bin/$tool"; done
# curl: succeeds; with -w (status code probes, e.g. transmission's RPC answering 409) prints 409
rm -f "$root/bin/curl"
cat > "$root/usr/bin/curl" <<'SH'
#!/bin/sh
case " $* " in *" -w "*) printf '409' ;; esac
exit 0
SH
chmod 0755 "$root/usr/bin/curl"
stub "$root/proxy"
# bash: busybox sh, except that probes through bash's /dev/tcp (which busybox lacks) succeed
cat > "$root/bin/bash" <<'SH'
#!/bin/sh
case "$*" in *"/dev/tcp/"*) exit 0 ;; esac
exec /bin/sh "$@"
SH
chmod 0755 "$root/bin/bash"
cat > "$root/standin" <<'SH'
#!/bin/sh
# stand-in entrypoint: stay up until stopped, whatever the arguments
trap 'exit 0' TERM INT
# PLANE_STANDIN_HTTP_PORT (set by run.sh's local override on routed services): busybox httpd answers
# there, so a route through Traefik reaches an app (a stand-in page, not the app)
[ -n "${PLANE_STANDIN_HTTP_PORT:-}" ] && httpd -p "$PLANE_STANDIN_HTTP_PORT" -h /www
while :; do touch /tmp/last-sync 2>/dev/null; sleep 1; done
SH
chmod 0755 "$root/standin"
cp "$root/standin" "$root/docker_start.sh"
echo "root:x:0:0:root:/:/bin/sh" > "$root/etc/passwd"
echo "stand-in (scripts/standin-images.sh)" > "$root/www/index.html"
tar -C "$root" -cf "$root.tar" .

count=0
for image in $("$plane" --project-directory "$here" --profile '*' config --images | sort -u); do
  if docker image inspect "$image" >/dev/null 2>&1 && \
     [ "$(docker image inspect -f '{{ index .Config.Labels "dev.plane.standin" }}' "$image" 2>/dev/null)" != "true" ]; then
    echo "standin-images: $image exists and is not a stand-in; kept"
    continue
  fi
  docker import --change 'ENTRYPOINT ["/standin"]' --change 'LABEL dev.plane.standin=true' "$root.tar" "$image" >/dev/null
  count=$((count + 1))
done
rm -f "$root.tar"
echo "standin-images: $count stand-in image(s) ready"

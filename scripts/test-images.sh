#!/usr/bin/env bash
# Import the local test images into the daemon named by DOCKER_HOST (no registry is reachable):
#   local/busybox:1  busybox-static with its applet symlinks
#   local/busybox:2  the same plus a different /etc/plane-variant, so it has another image ID
# Usage: DOCKER_HOST=unix:///tmp/x/docker.sock scripts/test-images.sh
set -euo pipefail

: "${DOCKER_HOST:?set DOCKER_HOST (e.g. eval \"\$(scripts/dockerd.sh start /tmp/plane-dockerd)\")}"
busybox=${BUSYBOX:-/bin/busybox}
[ -x "$busybox" ] || { echo "$busybox not found (apt-get install -y busybox-static)" >&2; exit 1; }
if command -v file >/dev/null && ! file -L "$busybox" | grep -q 'statically linked'; then
  echo "warning: $busybox may not be static; containers need a static busybox (busybox-static)" >&2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

build_variant() {
  local variant=$1 root="$work/rootfs-$1"
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/www" "$root/proc" "$root/sys" "$root/dev"
  cp "$busybox" "$root/bin/busybox"
  for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
  echo "root:x:0:" >"$root/etc/group"
  echo "variant $variant" >"$root/etc/plane-variant"
  echo "plane test image variant $variant" >"$root/www/index.html"
  # Fixed metadata so a re-import of the same variant gives the same layer digest.
  tar --sort=name --mtime='2024-01-01 00:00:00Z' --owner=0 --group=0 --numeric-owner \
    -C "$root" -cf "$work/variant-$variant.tar" .
  docker import \
    --change 'CMD ["/bin/sh"]' \
    --change 'ENV PATH=/bin' \
    "$work/variant-$variant.tar" "local/busybox:$variant" >/dev/null
  echo "imported local/busybox:$variant"
}

build_variant 1
build_variant 2

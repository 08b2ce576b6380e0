#!/usr/bin/env bash
# Regenerates scripts/release/plane.order: the functions plane's commands really run, in the order
# the release link lays them out first (scripts/build-release.sh passes it to the linker).
#
# Why: the kernel maps a binary's code 64 KiB at a time around every page a run touches (fault-around,
# and ext4's large folios), so a run that touches 1 MiB of code scattered over a 20 MiB `.text` gets
# most of `.text` resident: 10.7 MiB for `plane config` on 300 services, which runs 1.1 MiB of code.
# Laid out together, the code a command runs fills few 64 KiB windows (docs/PERFORMANCE.md, "Peak RSS").
#
#   scripts/release/profile-order.sh [ENV_SH]
#
# Runs the release binary under valgrind's callgrind (which records every function that runs, whatever
# the layout), through scripts/release-smoke.sh (every command on a two-service project, against
# $DOCKER_HOST, a private dockerd with scripts/test-images.sh's images), `config`/`lint` on the
# repository's stack and on a generated 300-service stack, and, when ENV_SH is given (scripts/run.sh's
# /tmp/plane-run/local/env.sh, the 28-service stack up), `ps`, `plan`, `drift` and `health` on it.
# Functions used by more of these runs come first. Names that no longer exist are ignored by the
# linker, and code that is not listed is laid out after the listed code as before: a stale order
# file costs memory, never correctness. Regenerate it after large changes.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here"
[ -n "${DOCKER_HOST:-}" ] || { echo "profile-order: set DOCKER_HOST to a private dockerd (scripts/dockerd.sh)" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "profile-order: valgrind not found (apt-get install -y valgrind)" >&2; exit 1; }
env_sh=${1:-}

work=$(mktemp -d /tmp/plane-order.XXXXXX)
plane=$(PLANE_LINK_MAP="$work/plane.map" bash scripts/build-release.sh)
bash scripts/stack-init.sh >&2   # the stack's .env files and placeholder secrets (never overwritten)
# PLANE_ORDER_KEEP=1 keeps the profiles (the directory is printed) to rework the order from them.
[ "${PLANE_ORDER_KEEP:-0}" = 1 ] && echo "profile-order: profiles kept in $work/runs" >&2 || trap 'rm -rf "$work"' EXIT
# valgrind 3.19 cannot read this toolchain's DWARF 5; the symbol table is all callgrind needs.
objcopy --strip-debug "$plane" "$work/plane"
mkdir -p "$work/runs"
# One directory per workload: callgrind writes one file per process.
cat >"$work/plane-profiled" <<EOF
#!/usr/bin/env bash
mkdir -p "$work/runs/\${PLANE_ORDER_RUN:-smoke}"
exec valgrind --quiet --tool=callgrind --demangle=no \\
  --callgrind-out-file="$work/runs/\${PLANE_ORDER_RUN:-smoke}/cg.%p" "$work/plane" "\$@"
EOF
chmod +x "$work/plane-profiled"
profiled="$work/plane-profiled"

PLANE_ORDER_RUN=smoke bash scripts/release-smoke.sh "$profiled" >&2
PLANE_ORDER_RUN=version "$profiled" --version >/dev/null
PLANE_ORDER_RUN=help "$profiled" --help >/dev/null
PLANE_ORDER_RUN=stack-config "$profiled" --project-directory "$here" --profile '*' config --format json >/dev/null
PLANE_ORDER_RUN=stack-lint "$profiled" --project-directory "$here" --profile '*' lint >/dev/null || true
mkdir -p "$work/gen300"
python3 -c "import sys; sys.path.insert(0, 'bench'); from gen_stack import generate; generate('$work/gen300', 300)"
(cd "$work/gen300" && PLANE_ORDER_RUN=config300 "$profiled" --profile '*' config --format json >/dev/null)
if [ -n "$env_sh" ]; then
  (
    # shellcheck disable=SC1090
    . "$env_sh"
    PLANE_ORDER_RUN=run-ps "$profiled" --profile '*' ps >/dev/null
    PLANE_ORDER_RUN=run-plan "$profiled" --profile '*' plan >/dev/null || true
    PLANE_ORDER_RUN=run-drift "$profiled" --profile '*' drift >/dev/null || true
    PLANE_ORDER_RUN=run-health "$profiled" --profile '*' health --timeout 300s >/dev/null || true
  )
fi

python3 scripts/release/order-from-callgrind.py "$work/plane" "$work/plane.map" "$work/runs" >"$work/plane.order"
mv "$work/plane.order" scripts/release/plane.order
echo "profile-order: $(wc -l <scripts/release/plane.order) functions in scripts/release/plane.order" >&2

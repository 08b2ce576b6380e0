#!/usr/bin/env bash
# stack-verify.sh: prove that the VM300 stack definition is valid for Docker
# Compose, profile by profile. Fails loudly (non-zero, message on stderr) on
# the first class of problem found, after reporting every profile.
#
# Checks:
#   * `docker compose config -q` succeeds for each profile ALONE (core,
#     dashboard, medias, apps, automatisation, monitoring) and for '*';
#     interpolation warnings (unset variables) count as failures;
#   * '*' yields the 28 expected services, each in exactly one profile;
#   * every image is pinned to an explicit tag other than `latest`;
#   * every `condition: service_healthy` dependency targets a service that has
#     a healthcheck (compose only finds out at `up` time);
#   * haproxy.cfg of the socket-proxy is accepted by `haproxy -c` with the
#     generated userlist (only when an haproxy binary is installed).
#
# Where: if the checkout already has its root .env, every service .env and
# every declared secret file, it is verified in place (read-only). Otherwise
# (fresh clone, CI) the stack files are copied to a temporary folder and
# scripts/stack-init.sh runs there first; the checkout is never modified.
# --fresh forces the temporary copy.
#
# Compose binary: ${DOCKER_COMPOSE:-.tools/docker-compose} (relative to the
# repository root), e.g. DOCKER_COMPOSE="docker compose" for the CLI plugin.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fresh=0
for arg in "$@"; do
    case "$arg" in
        --fresh) fresh=1 ;;
        -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
        *) echo "stack-verify: unknown argument $arg" >&2; exit 2 ;;
    esac
done

profiles=(core dashboard medias apps automatisation monitoring)
expected_services=28

# --- compose binary (absolute, so it still works from a temporary copy) -----
dc_spec="${DOCKER_COMPOSE:-.tools/docker-compose}"
read -r -a dc <<<"$dc_spec"
if [[ "${dc[0]}" != /* ]] && [[ "${dc[0]}" == */* ]]; then
    dc[0]="$repo/${dc[0]}"
fi
if ! command -v "${dc[0]}" >/dev/null 2>&1; then
    echo "stack-verify: compose binary not found: ${dc[*]} (set DOCKER_COMPOSE)" >&2
    exit 1
fi

# the caller's environment must not change what is verified
unset COMPOSE_PROFILES COMPOSE_FILE COMPOSE_PROJECT_NAME COMPOSE_ENV_FILES || true

# --- where to verify --------------------------------------------------------------
ready_in_place() {
    [ -f "$repo/.env" ] || return 1
    local example
    while IFS= read -r -d '' example; do
        [ -f "${example%.example}" ] || return 1
    done < <(find "$repo/core" "$repo/applications" -name .env.example -print0)
    local f
    while IFS= read -r f; do
        [ -f "$repo/$f" ] || return 1
    done < <(awk '/^[^ #]/ { s = ($0 ~ /^secrets:/); next } s && /^    file:/ { sub(/^    file:[ ]*/, ""); sub(/[ ]+#.*$/, ""); print }' "$repo/compose.yaml")
    return 0
}

workdir="$repo"
tmp=""
cleanup() { if [ -n "$tmp" ]; then rm -rf "$tmp"; fi; }
trap cleanup EXIT
if [ "$fresh" = 1 ] || ! ready_in_place; then
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/stack-verify.XXXXXX")"
    # the stack only: no git metadata, no Swift build products or tools
    tar -C "$repo" \
        --exclude=./.git --exclude=./.build --exclude='./.build-*' --exclude='./.build_*' \
        --exclude=./.tools --exclude=./.swiftpm --exclude=./Sources --exclude=./Tests \
        -cf - . | tar -C "$tmp" -xf -
    workdir="$tmp"
    echo "stack-verify: verifying a temporary copy ($workdir) after stack-init"
    bash "$workdir/scripts/stack-init.sh" --quiet "$workdir"
else
    echo "stack-verify: verifying the checkout in place ($workdir)"
fi

compose() { "${dc[@]}" --project-directory "$workdir" -f "$workdir/compose.yaml" "$@"; }

failures=0
fail() { echo "stack-verify: FAIL: $*" >&2; failures=$((failures + 1)); }

# --- 1. every profile alone, then '*' ----------------------------------------------
for profile in "${profiles[@]}" '*'; do
    err="$(mktemp)"
    if compose --profile "$profile" config -q 2>"$err"; then
        if grep -qiE 'variable is not set|level=warning' "$err"; then
            fail "profile '$profile': compose warnings:"
            sed 's/^/    /' "$err" >&2
        else
            count="$(compose --profile "$profile" config --services 2>/dev/null | wc -l | tr -d ' ')"
            echo "  ok  profile '$profile' ($count services)"
            [ "$count" -gt 0 ] || fail "profile '$profile' selects no service"
        fi
    else
        fail "profile '$profile': docker compose config failed:"
        sed 's/^/    /' "$err" >&2
    fi
    rm -f "$err"
done

# --- 2. service count and one profile per service -----------------------------
total="$(compose --profile '*' config --services 2>/dev/null | wc -l | tr -d ' ')"
if [ "$total" != "$expected_services" ]; then
    fail "--profile '*' gives $total services, expected $expected_services"
fi
sum=0
for profile in "${profiles[@]}"; do
    n="$(compose --profile "$profile" config --services 2>/dev/null | wc -l | tr -d ' ')"
    sum=$((sum + n))
done
# a profile's listing also contains the required dependencies it pulls in;
# the stack has none across profiles (they are all required: false)
if [ "$sum" != "$expected_services" ]; then
    fail "the per-profile service lists add up to $sum, expected $expected_services (a service in no or several profiles, or a required cross-profile dependency)"
fi

# --- 3. pinned images ----------------------------------------------------------------
while IFS= read -r image; do
    [ -n "$image" ] || continue
    last="${image##*/}"
    case "$image" in
        *@sha256:*) continue ;;
    esac
    if [[ "$last" != *:* ]]; then
        fail "image '$image' has no tag"
    elif [[ "$last" == *:latest ]]; then
        fail "image '$image' uses :latest"
    fi
done < <(compose --profile '*' config --images 2>/dev/null)

# --- 4. service_healthy only on services with a healthcheck --------------------
if command -v jq >/dev/null 2>&1; then
    bad="$(compose --profile '*' config --format json 2>/dev/null | jq -r '
        .services as $s
        | $s | to_entries[]
        | .key as $svc
        | (.value.depends_on // {}) | to_entries[]
        | select(.value.condition == "service_healthy")
        | select(($s[.key].healthcheck // null) == null or ($s[.key].healthcheck.disable // false))
        | "\($svc) -> \(.key)"')"
    if [ -n "$bad" ]; then
        fail "service_healthy on a service without healthcheck: $(echo "$bad" | tr '\n' ' ')"
    else
        echo "  ok  every service_healthy dependency has a healthcheck"
    fi
else
    echo "  --  jq not installed: dependency/healthcheck cross-check skipped"
fi

# --- 5. HAProxy configuration of the socket-proxy -------------------------------
if command -v haproxy >/dev/null 2>&1; then
    userlist="$workdir/core/socket-proxy/secrets/docker_api_basicauth"
    out="$(mktemp)"
    if DOCKER_SOCKET=/var/run/docker.sock SOCKET_PROXY_READ_BIND=127.0.0.1:2375 SOCKET_PROXY_ADMIN_BIND=127.0.0.1:2376 \
        haproxy -c -f "$workdir/core/socket-proxy/haproxy.cfg" -f "$userlist" >"$out" 2>&1; then
        echo "  ok  haproxy -c core/socket-proxy/haproxy.cfg + docker_api_basicauth"
    else
        fail "haproxy -c rejected core/socket-proxy/haproxy.cfg:"
        sed 's/^/    /' "$out" >&2
    fi
    rm -f "$out"
else
    echo "  --  haproxy not installed: socket-proxy config check skipped"
fi

if [ "$failures" -gt 0 ]; then
    echo "stack-verify: $failures check(s) FAILED" >&2
    exit 1
fi
echo "stack-verify: all checks passed"

#!/usr/bin/env bash
# stack-init.sh: prepare a checkout of the VM300 stack so that
# `docker compose config` / `up` can run.
#
#   1. copies every .env.example to .env where the .env is missing (root and
#      each service folder); a `__GENERATE_HEX64__` marker in an example becomes
#      64 random hex characters in the new .env. Existing .env files are never
#      touched (not even with --force: they hold the operator's settings);
#   2. creates a random placeholder for every secret file declared in the root
#      compose.yaml (top-level `secrets:`), mode 0600, never printed, plus the
#      special formats below. Existing secret files are kept unless --force;
#      the folders holding them are made 0700 (not listable by other users);
#   3. creates the appdata folders the services bind-mount, so Docker does not
#      create them as root.
# When run as root, created files and folders are given to PUID:PGID (root
# .env), the user every container runs as.
#
# Special secrets:
#   docker_api_basicauth     HAProxy userlist fragment, user `plane`, SHA-512
#                            crypt hash; the clear password goes to
#                            core/socket-proxy/secrets/docker_api_password (0600)
#   traefik_dashboard_users  htpasswd line `admin:$apr1$...`; clear password in
#                            core/traefik-proxy/secrets/traefik_dashboard_password
#   crowdsec_ca_cert         throw-away self-signed CA certificate (PEM) so the
#                            format is valid; TLS to VM100 fails until replaced
#   transmission_user        `vm300-<random>`
#   everything else          64 random hex characters
#
# Usage: scripts/stack-init.sh [--force] [--quiet] [STACK_DIR]
#   STACK_DIR defaults to the repository root (parent of scripts/).
set -euo pipefail
umask 077

force=0
quiet=0
stack_dir=""
for arg in "$@"; do
    case "$arg" in
        --force) force=1 ;;
        --quiet) quiet=1 ;;
        -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
        -*) echo "stack-init: unknown option $arg" >&2; exit 2 ;;
        *) stack_dir="$arg" ;;
    esac
done
if [ -z "$stack_dir" ]; then
    stack_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fi
cd "$stack_dir"
[ -f compose.yaml ] || { echo "stack-init: no compose.yaml in $stack_dir" >&2; exit 1; }

say() { [ "$quiet" = 1 ] || echo "stack-init: $*"; }
die() { echo "stack-init: $*" >&2; exit 1; }

command -v openssl >/dev/null 2>&1 || die "openssl is required (hashes, random values)"

rand_hex() { openssl rand -hex "${1:-32}"; }

# --- owner of what we create -------------------------------------------------
root_env_value() {
    # value of KEY in the root .env (or .env.example), without quotes
    local key="$1" file
    for file in .env .env.example; do
        [ -f "$file" ] || continue
        sed -n "s/^${key}=[\"']\{0,1\}\([^\"']*\)[\"']\{0,1\}\$/\1/p" "$file" | tail -n 1
        return 0
    done
}
owner=""
if [ "$(id -u)" = 0 ]; then
    puid="$(root_env_value PUID)"; pgid="$(root_env_value PGID)"
    owner="${puid:-1000}:${pgid:-1000}"
fi
give() { [ -z "$owner" ] || chown "$owner" "$@"; }

# --- 1. env files --------------------------------------------------------------
created_env=0
while IFS= read -r -d '' example; do
    target="${example%.example}"
    [ -e "$target" ] && continue
    tmp="$(mktemp "${target}.XXXXXX")"
    while IFS= read -r line || [ -n "$line" ]; do
        while [[ "$line" == *__GENERATE_HEX64__* ]]; do
            line="${line/__GENERATE_HEX64__/$(rand_hex 32)}"
        done
        printf '%s\n' "$line"
    done < "$example" > "$tmp"
    chmod 0600 "$tmp"
    mv "$tmp" "$target"
    give "$target"
    created_env=$((created_env + 1))
    say "created ${target#./}"
done < <(find . -maxdepth 1 -type f -name .env.example -print0
         find ./core ./applications -type f -name .env.example -not -path '*/appdata/*' -print0)
say "$created_env env file(s) created"

# --- 2. secrets ------------------------------------------------------------------
# "name<TAB>file" for every top-level secret of compose.yaml (this repository's
# layout: `secrets:` at column 0, `  name:` then `    file: path`).
declared_secrets() {
    awk '
        /^[^ #]/ { in_secrets = ($0 ~ /^secrets:/); next }
        in_secrets && /^  [A-Za-z0-9_.-]+:/ { name = $1; sub(/:$/, "", name); next }
        in_secrets && /^    file:/ { f = $0; sub(/^    file:[ ]*/, "", f); sub(/[ ]+#.*$/, "", f); gsub(/["\x27]/, "", f); print name "\t" f }
    ' compose.yaml
}

write_secret() {
    # write_secret FILE (content on stdin), atomically, 0600
    local file="$1" tmp
    mkdir -p "$(dirname "$file")"
    tmp="$(mktemp "${file}.XXXXXX")"
    cat > "$tmp"
    chmod 0600 "$tmp"
    mv -f "$tmp" "$file"
    give "$file"
}

secure_dir() {
    # a secrets/ folder: only its owner may list it (plane lint: secret.world-readable-dir)
    mkdir -p "$1"
    chmod 0700 "$1"
    give "$1"
}

gen_secret() {
    local name="$1" file="$2" dir password hash
    dir="$(dirname "$file")"
    case "$name" in
        docker_api_basicauth)
            password="$(rand_hex 24)"
            hash="$(printf '%s' "$password" | openssl passwd -6 -stdin)"
            printf '%s' "$password" | write_secret "$dir/docker_api_password"
            {
                echo "# HAProxy userlist for the socket-proxy deployer listener (:2376)."
                echo "# Generated by scripts/stack-init.sh; format in docs/STACK.md."
                echo "userlist docker_api_users"
                echo "    user plane password $hash"
            } | write_secret "$file"
            ;;
        traefik_dashboard_users)
            password="$(rand_hex 24)"
            hash="$(printf '%s' "$password" | openssl passwd -apr1 -stdin)"
            printf '%s' "$password" | write_secret "$dir/traefik_dashboard_password"
            printf 'admin:%s\n' "$hash" | write_secret "$file"
            ;;
        crowdsec_ca_cert)
            local keytmp
            keytmp="$(mktemp)"
            openssl req -x509 -newkey rsa:2048 -nodes -days 30 \
                -subj "/CN=PLACEHOLDER - replace with the VM100 CrowdSec CA" \
                -keyout "$keytmp" 2>/dev/null | write_secret "$file"
            rm -f "$keytmp"
            ;;
        transmission_user)
            printf 'vm300-%s' "$(rand_hex 4)" | write_secret "$file"
            ;;
        *)
            rand_hex 32 | tr -d '\n' | write_secret "$file"
            ;;
    esac
}

created_secrets=0
kept_secrets=0
declared=0
while IFS=$'\t' read -r name file; do
    [ -n "$name" ] || continue
    declared=$((declared + 1))
    case "$file" in
        /*|*..*) die "secret $name: file $file must be a relative path inside the stack" ;;
    esac
    secure_dir "$(dirname "$file")"
    if [ -e "$file" ] && [ "$force" = 0 ]; then
        kept_secrets=$((kept_secrets + 1))
        continue
    fi
    gen_secret "$name" "$file"
    created_secrets=$((created_secrets + 1))
    say "generated secret $name -> $file"
done < <(declared_secrets)
[ "$declared" -gt 0 ] || die "no top-level secret found in compose.yaml"
say "$created_secrets secret(s) generated, $kept_secrets kept (of $declared declared)"

# --- 3. appdata folders ----------------------------------------------------------
# every relative bind source containing /appdata in a service compose file,
# resolved from that file's folder
made_dirs=0
while IFS= read -r -d '' cf; do
    base="$(dirname "$cf")"
    while IFS= read -r src; do
        [ -n "$src" ] || continue
        path="$base/$src"
        if [ ! -d "$path" ]; then
            mkdir -p "$path"
            chmod 0750 "$path"
            give "$path"
            made_dirs=$((made_dirs + 1))
        fi
    done < <(grep -oE -- '- \.{1,2}/[^: ]*appdata[^: ]*:' "$cf" | sed -E 's/^- //; s/:$//')
done < <(find ./core ./applications -mindepth 2 -maxdepth 2 -type f -name compose.yaml -print0)
say "$made_dirs appdata folder(s) created"
say "done (secret values are never printed; see docs/STACK.md for what to replace)"

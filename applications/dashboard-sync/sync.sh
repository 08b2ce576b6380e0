#!/bin/sh
# dashboard-sync: keep the dashboards' writable config folders in line with the
# configuration versioned in git (appdata/config). Runs in alpine (busybox sh).
#   /src/homepage/*  -> /dst/homepage   (homepage service)
#   /src/deployrr/*  -> /dst/deployrr   (deployrr-dashboard service)
# Only changed files are rewritten, through a temporary file + rename so the
# dashboards never read a half-written YAML. /tmp/last-sync is touched after
# every complete pass (healthcheck).
set -eu

interval="${SYNC_INTERVAL:-60}"

sync_dir() {
    src="$1"
    dst="$2"
    if [ ! -d "$src" ] || [ ! -d "$dst" ]; then
        echo "dashboard-sync: missing $src or $dst" >&2
        return 1
    fi
    for f in "$src"/*.yaml "$src"/*.css "$src"/*.js; do
        [ -f "$f" ] || continue
        name="$(basename "$f")"
        if ! cmp -s "$f" "$dst/$name"; then
            cp "$f" "$dst/.$name.tmp"
            mv -f "$dst/.$name.tmp" "$dst/$name"
            echo "dashboard-sync: updated $dst/$name"
        fi
    done
}

while :; do
    ok=1
    sync_dir /src/homepage /dst/homepage || ok=0
    sync_dir /src/deployrr /dst/deployrr || ok=0
    if [ "$ok" = 1 ]; then
        touch /tmp/last-sync
    fi
    sleep "$interval"
done

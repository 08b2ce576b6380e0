#!/usr/bin/env bash
# Run the reference Docker Compose binary over the differential test corpus.
#
# usage: scripts/corpus-oracle.sh [fixture ...]
#
# For every fixture under Tests/PlaneKitTests/Resources/Corpus (or only the ones named; a name may
# be the full directory name "042-foo", its number "042", or any unique substring), runs, from the
# fixture directory and with ONLY PATH, HOME and the case's "env" in the environment:
#
#     docker-compose <case.args> config --format json
#
# and writes ${OUT:-/tmp/corpus-oracle}/<fixture>/{stdout.json,stderr.txt,status}.
# It also prints one line per fixture and flags fixtures whose outcome no longer matches the
# case's "expect" (exit status 1 if any does).
#
# Environment:
#   DOCKER_COMPOSE  oracle binary (default: <repo>/.tools/docker-compose)
#   OUT             output directory (default: /tmp/corpus-oracle)
#   CORPUS          corpus directory (default: <repo>/Tests/PlaneKitTests/Resources/Corpus)
set -u

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="${CORPUS:-$ROOT/Tests/PlaneKitTests/Resources/Corpus}"
DC="${DOCKER_COMPOSE:-$ROOT/.tools/docker-compose}"
OUT="${OUT:-/tmp/corpus-oracle}"

if [ ! -x "$DC" ]; then
    echo "oracle binary not found or not executable: $DC" >&2
    exit 2
fi
case "$DC" in /*) ;; *) DC="$(cd "$(dirname "$DC")" && pwd)/$(basename "$DC")" ;; esac

# Resolve the fixture list.
fixtures=()
if [ $# -eq 0 ]; then
    for d in "$CORPUS"/*/; do
        [ -f "$d/case.json" ] && fixtures+=("$(basename "$d")")
    done
else
    for name in "$@"; do
        name="${name%/}"
        name="$(basename "$name")"
        if [ -f "$CORPUS/$name/case.json" ]; then
            fixtures+=("$name")
            continue
        fi
        matches=()
        for d in "$CORPUS"/*"$name"*/; do
            [ -f "$d/case.json" ] && matches+=("$(basename "$d")")
        done
        if [ ${#matches[@]} -eq 0 ]; then
            echo "no fixture matches '$name'" >&2
            exit 2
        fi
        fixtures+=("${matches[@]}")
    done
fi

mkdir -p "$OUT"
mismatches=0
for name in "${fixtures[@]}"; do
    dir="$CORPUS/$name"
    out="$OUT/$name"
    mkdir -p "$out"
    # case.json -> NUL-separated: expect, then args..., then a separator, then KEY=VALUE...
    mapfile -d '' fields < <(python3 - "$dir/case.json" <<'PY'
import json, sys
case = json.load(open(sys.argv[1], encoding="utf-8"))
out = [case.get("expect", "success")]
out += [str(a) for a in case.get("args", [])]
out.append("\x01")
out += ["%s=%s" % (k, v) for k, v in case.get("env", {}).items()]
sys.stdout.write("".join(f + "\0" for f in out))
PY
    )
    expect="${fields[0]}"
    args=()
    envs=("PATH=$PATH" "HOME=${HOME:-/root}")
    seen_sep=0
    for f in "${fields[@]:1}"; do
        if [ "$seen_sep" -eq 0 ]; then
            if [ "$f" = $'\x01' ]; then seen_sep=1; else args+=("$f"); fi
        else
            envs+=("$f")
        fi
    done
    (cd "$dir" && env -i "${envs[@]}" "$DC" "${args[@]}" config --format json \
        >"$out/stdout.json" 2>"$out/stderr.txt")
    status=$?
    echo "$status" >"$out/status"
    if [ "$status" -eq 0 ]; then got=success; else got=error; fi
    if [ "$got" = "$expect" ]; then
        echo "ok      $name ($got)"
    else
        echo "MISMATCH $name: case expects $expect, oracle gave $got (status $status)"
        mismatches=$((mismatches + 1))
    fi
done

echo "${#fixtures[@]} fixture(s), $mismatches mismatch(es); output in $OUT"
[ "$mismatches" -eq 0 ]

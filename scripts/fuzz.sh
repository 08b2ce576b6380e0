#!/usr/bin/env bash
# Bounded libFuzzer runs of plane's parsers: the YAML loader, the dotenv parser and the
# interpolation parser (Fuzz/PlaneFuzz.swift). The PlaneKit sources are compiled with
# -sanitize=fuzzer into one instrumented binary, linked against the objects `swift build` already
# made for Yams, CYaml, DockerEngine, HTTPTransport and CCurl (run `swift build` first).
#   scripts/fuzz.sh [seconds per parser, default 60]
# Seeds: Fuzz/Corpus/<parser>/ (copied, so a run never writes to the repo). A crash, trap, timeout
# (5 s per input) or RSS over 1 GiB fails the script and leaves the input under .build/fuzz/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
build="$here/.build/debug"
out="$here/.build/fuzz"
swiftc=${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}
mkdir -p "$out"

for o in "$build/Modules/Yams.swiftmodule" "$build/Modules/DockerEngine.swiftmodule"; do
  [ -e "$o" ] || { echo "fuzz: $o missing: run swift build first" >&2; exit 2; }
done
yams_include=$(find "$here/.build/checkouts" -path '*Yams/Sources/CYaml/include' -type d | head -1)
mapfile -t sources < <(find "$here/Sources/PlaneKit" -name '*.swift' | sort)
mapfile -t objects < <(find "$build/Yams.build" "$build/CYaml.build" "$build/CCurl.build" -name '*.o' | sort)
# The project's Swift targets: only the objects of their current sources (a build folder can keep
# objects of files that moved to another target).
for target in DockerEngine HTTPTransport; do
  while IFS= read -r source; do objects+=("$build/$target.build/$(basename "$source").o"); done \
    < <(find "$here/Sources/$target" -name '*.swift' | sort)
done

echo "fuzz: compiling the harness with ${#sources[@]} PlaneKit sources"
"$swiftc" -sanitize=fuzzer -parse-as-library -Onone -g -module-name PlaneFuzz \
  -I "$build/Modules" -Xcc -fmodule-map-file="$build/CCurl.build/module.modulemap" -I "$here/Sources/CCurl/include" -I "$yams_include" \
  "$here/Fuzz/PlaneFuzz.swift" "${sources[@]}" "${objects[@]}" -ldl -o "$out/plane-fuzz"

status=0
for target in yaml dotenv interpolation; do
  corpus="$out/corpus-$target"
  rm -rf "$corpus" && mkdir -p "$corpus" && cp "$here/Fuzz/Corpus/$target/"* "$corpus/"
  echo "fuzz: $target for ${seconds}s"
  if ! (cd "$out" && PLANE_FUZZ_TARGET=$target ./plane-fuzz "$corpus" -max_total_time="$seconds" -timeout=5 \
          -rss_limit_mb=1024 -max_len=65536 -print_final_stats=1 >"$out/$target.log" 2>&1); then
    echo "fuzz: FINDING in $target (see $out/$target.log and $out/crash-* / timeout-* / oom-*)" >&2
    tail -40 "$out/$target.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$out/$target.log" | sed "s/^/fuzz: $target /"
  fi
done
exit $status

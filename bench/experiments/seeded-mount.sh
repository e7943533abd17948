#!/usr/bin/env bash
# Is cargo slower in rustdock's build RUN because its target cache mount is seeded from cook's
# layer (from=cook,source=/deps/target: an overlay over that layer)? A: rustdock's Dockerfile as
# generated. B: the same, but the build's target cache is a plain mount, filled by `cp -a` from
# /deps/target when empty. Same engine, same cook layer; warm leaf builds alternate A, B.
#
# Usage (root): bash bench/experiments/seeded-mount.sh [WORK_DIR]   (about 6 min on 2 CPUs)
# Run of 2026-11-30 and what it showed: bench/README.md, "Why rustdock is not ≤ 1.0×".
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-/var/tmp/rustdock-seeded-mount}
mkdir -p "$OUT"
D=$(bash scripts/engine.sh bench-26-1 | awk '{print $2}')
W=$OUT/ledger
rm -rf "$W" && cp -a bench/apps/ledger "$W" && rm -rf "$W/target"
printf 'target/\n.git/\n*.Dockerfile\n' > "$W/.dockerignore"
A=$W/a.Dockerfile; B=$W/b.Dockerfile
cp bench/results/docker-26/dockerfiles/ledger/rustdock.Dockerfile "$A"
python3 - "$A" "$B" <<'PY'
import sys
a = open(sys.argv[1]).read()
old = "--mount=type=cache,id=ledger-target,target=/app/target,sharing=locked,from=cook,source=/deps/target \\\n    cargo build"
assert old in a
new = ("--mount=type=cache,id=ledger-target-plain,target=/app/target,sharing=locked \\\n"
       "    { [ -e target/release ] || cp -a /deps/target/. target/; } \\\n && cargo build")
open(sys.argv[2], "w").write(a.replace(old, new))
PY
"$D" builder prune -af >/dev/null
build() { # $1 label, $2 dockerfile
    local log=$OUT/$1.log start end
    start=$(date +%s.%N)
    "$D" build --network=host --progress=plain -f "$2" --target ledger -t seedexp:$1 "$W" >"$log" 2>&1
    end=$(date +%s.%N)
    printf '%-10s wall %6.1f s  cargo %s\n' "$1" "$(echo "$end - $start" | bc)" \
        "$(grep -o 'Finished .* in [0-9.]*s' "$log" | tail -1 | grep -o '[0-9.]*s$')"
}
build cold-A "$A"
build cold-B "$B"
for i in 1 2 3 4; do
    sed -i "s/^const BUILD: &str = \"[^\"]*\";/const BUILD: \&str = \"ledger-bin x$i\";/" "$W/src/main.rs"
    if [ $((i % 2)) = 1 ]; then build leaf$i-A "$A"; build leaf$i-B "$B"; else build leaf$i-B "$B"; build leaf$i-A "$A"; fi
done
for i in 1 2; do
    sed -i "s/^pub const EDITION: &str = \"[^\"]*\";/pub const EDITION: \&str = \"ledger-lib x$i\";/" "$W/src/lib.rs"
    if [ $i = 1 ]; then build lib$i-A "$A"; build lib$i-B "$B"; else build lib$i-B "$B"; build lib$i-A "$A"; fi
done
"$D" run --rm seedexp:leaf4-A 2>&1 | head -1 || true
"$D" system df -v --format '{{json .BuildCache}}' | python3 -c 'import json,sys; [print(r["Size"], r["Description"][:90]) for r in json.loads(sys.stdin.read()) if r["CacheType"]=="exec.cachemount"]'

#!/usr/bin/env bash
# What does seeding the build's cache mounts from cook's layer cost when cook has just run
# (dependency added)? BuildKit keys a RUN on the content of every mount it takes from another
# stage (`--mount=type=cache,from=cook,source=/deps/target`): it hashes every file under the
# source once per new cook layer. A: the build RUN seeds its caches that way, as rustdock's does.
# B: the same RUN with plain cache mounts. cook writes ledger's shape of /deps: a 691 MB target
# cache in 2,700 files and a 168 MB registry in 14,000. Each round makes a new cook layer, then
# builds A and B (alternating which goes first) and prints the wall time of each; then, with the
# same cook layer, prunes the cache mounts and builds both again (the CI-like case).
#
# Usage (root): bash bench/experiments/seed-hash.sh [ENGINE] [ROUNDS]   (about 4 min on 2 CPUs)
# Run of 2026-12-07 and what it showed: bench/README.md, "Goals".
set -euo pipefail
cd "$(dirname "$0")/../.."
ENGINE=${1:-bench-26-1}
ROUNDS=${2:-4}
D=$(bash scripts/engine.sh "$ENGINE" | awk '{print $2}')
W=$(mktemp -d /var/tmp/rustdock-seed-hash.XXXXXX)
trap 'rm -rf "$W"' EXIT
for v in a b; do
    mkdir -p "$W/$v"
    if [ $v = a ]; then
        mounts="--mount=type=cache,id=seedhash-target,target=/t,from=cook,source=/deps/target \\
    --mount=type=cache,id=seedhash-registry,target=/r,from=cook,source=/deps/registry"
    else
        mounts="--mount=type=cache,id=seedhash-plain-target,target=/t \\
    --mount=type=cache,id=seedhash-plain-registry,target=/r"
    fi
    cat > "$W/$v/Dockerfile" <<EOF
FROM debian:bookworm-slim AS cook
ARG ROUND
RUN mkdir -p /deps/target /deps/registry && echo \$ROUND > /deps/round \\
 && for i in \$(seq 2700); do head -c 262144 /dev/urandom > /deps/target/f\$i; done \\
 && for i in \$(seq 14000); do head -c 12288 /dev/urandom > /deps/registry/f\$i; done
FROM cook AS builder
COPY x /x
RUN $mounts \\
    cat /x /deps/round > /out
EOF
done
build() { # $1 variant, $2 round, $3 a change in the build's source: prints the wall seconds
    local start end
    echo "$2$1${3:-}" > "$W/$1/x"
    start=$(date +%s.%N)
    DOCKER_BUILDKIT=1 "$D" build -q --build-arg ROUND="$RUN_ID-$2" -t "seedhash-$1" "$W/$1" >/dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
RUN_ID=$(date +%s) # every run makes new cook layers: none of an earlier run's are reused
echo "engine $ENGINE: $("$D" version --format '{{.Server.Version}}')"
for round in $(seq 0 "$ROUNDS"); do
    DOCKER_BUILDKIT=1 "$D" build -q --build-arg ROUND="$RUN_ID-$round" --target cook "$W/a" >/dev/null
    if [ $((round % 2)) = 0 ]; then a=$(build a "$round"); b=$(build b "$round")
    else b=$(build b "$round"); a=$(build a "$round"); fi
    # round 0 warms up the engine and creates the plain mounts: not reported
    [ "$round" = 0 ] || printf 'round %s: seeded from cook (A) %.2f s, plain mounts (B) %.2f s\n' "$round" "$a" "$b"
done
# CI-like: the same cook layer, the cache mounts pruned (A seeds them again, B starts empty)
for rep in 1 2; do
    "$D" builder prune -f --filter type=exec.cachemount >/dev/null
    a=$(build a "$ROUNDS" "pruned$rep"); b=$(build b "$ROUNDS" "pruned$rep")
    printf 'mounts pruned %s: seeded from cook (A) %.2f s, plain mounts (B) %.2f s\n' "$rep" "$a" "$b"
done
"$D" builder prune -f --filter type=exec.cachemount >/dev/null
"$D" rmi seedhash-a seedhash-b >/dev/null

#!/usr/bin/env bash
# bench/run.sh — run rustdock's benchmark on one engine and write bench/results/ENGINE/.
#
# Usage: bash bench/run.sh [ENGINE] [options of `python -m bench run`, e.g. --apps ledger --reps 2]
#
# ENGINE: docker-26 (default, the main one) or docker-20.10, of scripts/engines.txt. The benchmark
# never builds on the engines the tests share: it prunes build caches many times. It runs on the
# bench-* engines of scripts/engines.txt, daemons of ENGINE's version with data roots of their own,
# which scripts/engine.sh starts here empty (--fresh): one per pattern, so that the patterns' builds
# interleave and a prune empties one pattern's cache only, and on Docker 26 one with the containerd
# image store for the scenario "CI, remote cache". scripts/base-images.sh gives each the base images
# (copied from the shared ENGINE, which the tests filled) under the names the Dockerfiles use.
# The host bound (host `cargo build`) is the same for every engine: it is measured once per app
# version and kept in bench/results/host.json. bench/results/summary.md puts the engines side by side.
#
# Needs root, the host's Rust toolchain (cargo) for the host bound and Cargo.lock updates, and
# network access to the crate registry (the builds run with --network=host).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }

BENCH_COMMAND="bash bench/run.sh $*" # recorded in the results
export BENCH_COMMAND
ENGINE=docker-26
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
    ENGINE=$1
    shift
fi
case "$ENGINE" in
    docker-26) prefix=bench-26 remote=bench-26-ci ;;
    docker-20.10) prefix=bench-2010 remote="" ;; # the docker driver exports caches only with the containerd store
    *) die "no bench engines for '$ENGINE' (docker-26, docker-20.10)" ;;
esac

PY=.venv/bin/python
if [ ! -x "$PY" ]; then
    say "creating .venv with rustdock installed (editable)"
    python3 -m venv .venv && .venv/bin/pip install -q -e .
fi
# The chart needs matplotlib; it is not a dependency of rustdock itself.
"$PY" -c 'import matplotlib' 2>/dev/null || { say "installing matplotlib into .venv"; .venv/bin/pip install -q matplotlib; }
command -v cargo >/dev/null 2>&1 || [ -x "$HOME/.cargo/bin/cargo" ] || die "no cargo on the host"
export PATH="$PATH:$HOME/.cargo/bin"

shared=$(bash scripts/engine.sh "$ENGINE" | awk '{print $2}')
mapfile -t names < <(awk -v p="$prefix-" 'index($1, p) == 1 && $1 !~ /-ci$/ {print $1}' scripts/engines.txt)
[ -n "$remote" ] && names+=("$remote")
mapfile -t clients < <(bash scripts/engine.sh --fresh "${names[@]}" | awk '{print $2}')
[ "${#clients[@]}" = "${#names[@]}" ] || die "scripts/engine.sh started ${#clients[@]} of ${#names[@]} engines"

mapfile -t images < <("$PY" -m bench images) # `chef IMAGE` / `runtime IMAGE`
[ ${#images[@]} -gt 0 ] || die "python -m bench images listed no image"
args=(--docker "$shared")
for client in "${clients[@]}"; do args+=(--docker "$client"); done
for line in "${images[@]}"; do args+=("--${line%% *}" "${line#* }"); done
bash scripts/base-images.sh "${args[@]}" >&2 # copies what the shared engine has, then checks each

ci=()
[ -n "$remote" ] && { ci=(--ci-docker "${clients[-1]}"); unset 'clients[-1]'; }
exec "$PY" -m bench run --engine "$ENGINE" --docker "${clients[@]}" "${ci[@]}" "$@"

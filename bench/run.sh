#!/usr/bin/env bash
# bench/run.sh — run rustdock's benchmark end to end and write bench/results/.
#
# Usage: bash bench/run.sh [options of `python -m bench run`, e.g. --reps 2]
#
# Engine: the one DOCKER_HOST names. Without DOCKER_HOST, the default engine: this script
# starts it (scripts/engine.sh, root) and makes the base images the benchmarked Dockerfiles
# start FROM (scripts/base-images.sh, with the names `python -m bench images` lists). With
# DOCKER_HOST, that engine must already have those images (bench/second-engine.sh starts a
# second engine next to the default one and loads them). The benchmark prunes the build cache
# of its engine (`docker builder prune -af`) many times: do not point it at an engine whose
# cache you need.
#
# Needs the host's Rust toolchain (cargo) for the host lower bound and Cargo.lock updates,
# and network access to the crate registry (the builds run with --network=host).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }

PY=.venv/bin/python
if [ ! -x "$PY" ]; then
    say "creating .venv with rustdock installed (editable)"
    python3 -m venv .venv && .venv/bin/pip install -q -e .
fi
# The chart needs matplotlib; it is not a dependency of rustdock itself.
"$PY" -c 'import matplotlib' 2>/dev/null || { say "installing matplotlib into .venv"; .venv/bin/pip install -q matplotlib; }
command -v cargo >/dev/null 2>&1 || [ -x "$HOME/.cargo/bin/cargo" ] || die "no cargo on the host"
export PATH="$PATH:$HOME/.cargo/bin"

mapfile -t images < <("$PY" -m bench images)
[ ${#images[@]} -gt 0 ] || die "python -m bench images listed no image"
if [ -z "${DOCKER_HOST:-}" ]; then
    bash scripts/engine.sh >/dev/null
    args=()
    for line in "${images[@]}"; do args+=("--${line%% *}" "${line#* }"); done
    bash scripts/base-images.sh "${args[@]}"
else
    for line in "${images[@]}"; do
        DOCKER_BUILDKIT=1 /usr/bin/docker image inspect "${line#* }" >/dev/null 2>&1 \
            || die "image ${line#* } missing on $DOCKER_HOST (bash bench/second-engine.sh loads it)"
    done
fi
exec "$PY" -m bench run "$@"

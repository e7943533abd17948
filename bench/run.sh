#!/usr/bin/env bash
# bench/run.sh — run rustdock's benchmark on one engine and write bench/results/ENGINE/.
#
# Usage: bash bench/run.sh [ENGINE] [options of `python -m bench run`, e.g. --apps ledger --reps 2]
#
# ENGINE: a name of scripts/engines.txt (docker-26, docker-20.10); default the first, the main
# one. The benchmark never builds on the engines the tests share: it prunes its engine's build
# cache many times. It runs on a second daemon of that engine's version, with its own socket,
# data root and bridge, which bench/second-engine.sh starts (root) and gives the base images.
# The host bound (host `cargo build`) is the same for every engine: it is measured once per
# app version and kept in bench/results/host.json. bench/results/summary.md puts the engines
# side by side.
#
# Needs the host's Rust toolchain (cargo) for the host bound and Cargo.lock updates, and
# network access to the crate registry (the builds run with --network=host).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }

engines=$(grep -vE '^[[:space:]]*(#|$)' scripts/engines.txt | awk '{print $1}')
ENGINE=$(head -n1 <<<"$engines")
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
    grep -qx -- "$1" <<<"$engines" || die "no engine '$1' in scripts/engines.txt ($(paste -sd ' ' <<<"$engines"))"
    ENGINE=$1
    shift
fi

PY=.venv/bin/python
if [ ! -x "$PY" ]; then
    say "creating .venv with rustdock installed (editable)"
    python3 -m venv .venv && .venv/bin/pip install -q -e .
fi
# The chart needs matplotlib; it is not a dependency of rustdock itself.
"$PY" -c 'import matplotlib' 2>/dev/null || { say "installing matplotlib into .venv"; .venv/bin/pip install -q matplotlib; }
command -v cargo >/dev/null 2>&1 || [ -x "$HOME/.cargo/bin/cargo" ] || die "no cargo on the host"
export PATH="$PATH:$HOME/.cargo/bin"

client=$(bash bench/second-engine.sh "$ENGINE")
exec "$PY" -m bench run --engine "$ENGINE" --docker "$client" "$@"

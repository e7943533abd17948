#!/usr/bin/env bash
# Runs every test, the end-to-end ones included. First makes sure the Docker engines of
# scripts/engines.txt run and hold the base images the tests build FROM (built offline once,
# copied to the other engines; needs root): the example's builder and runtime in every engine,
# and in the engine with the containerd image store the multi-platform ones too
# (scripts/cross-images.sh). Every e2e test builds on the first engine, those marked
# `every_engine` on each classic one, those that need the containerd store on that engine
# (tests/e2e/conftest.py).
# Arguments go to pytest, e.g. `bash scripts/test.sh -m "not e2e"` for the fast tests only,
# or `-m e2e -k docker-20.10` for the end-to-end tests on one engine.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/rustdock ]; then
    echo "test: no .venv with rustdock; run the first command of README.md" >&2
    exit 2
fi
engines=$(bash scripts/engine.sh) # NAME CLIENT VERSION STORE, one line per engine
clients=() containerd=()
while read -r _ client _ store; do
    clients+=(--docker "$client")
    [ "$store" = containerd ] && containerd+=("$client")
done <<<"$engines"
read -r chef runtime < <(.venv/bin/rustdock plan --json examples/rust-app \
    | .venv/bin/python -c 'import json, sys; p = json.load(sys.stdin); print(p["chef_image"], p["runtime_image"])')
bash scripts/base-images.sh "${clients[@]}" --chef "$chef" --runtime "$runtime"
for client in "${containerd[@]}"; do
    bash scripts/cross-images.sh --docker "$client"
done
exec .venv/bin/pytest "$@"

#!/usr/bin/env bash
# Runs every test, the end-to-end ones included. First makes sure a Docker engine runs and the
# base images the example's Dockerfile starts FROM exist (built offline; needs root).
# Arguments go to pytest, e.g. `bash scripts/test.sh -m "not e2e"` for the fast tests only.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/rustdock ]; then
    echo "test: no .venv with rustdock; run the first command of README.md" >&2
    exit 2
fi
bash scripts/engine.sh
read -r chef runtime < <(.venv/bin/rustdock plan --json examples/rust-app \
    | .venv/bin/python -c 'import json, sys; p = json.load(sys.stdin); print(p["chef_image"], p["runtime_image"])')
bash scripts/base-images.sh --chef "$chef" --runtime "$runtime"
exec .venv/bin/pytest "$@"

#!/usr/bin/env bash
# bench/second-engine.sh — start a second Docker engine for the benchmark, next to the default
# one, and give it the base images. Root; idempotent. Then:
#
#   DOCKER_HOST=unix:///var/run/docker-bench.sock bash bench/run.sh
#
# Why: the benchmark prunes its engine's build cache, and so do the end-to-end tests at their
# start; on one engine each would wreck the other's runs and measurements.
#
# What two dockerd need to coexist: their own --data-root, --exec-root (the managed
# containerd's socket lives there), --pidfile and -H socket. Not --bridge=none: with it
# dockerd *deletes* the interface docker0 at start, which breaks `docker run` on the default
# engine. So this engine gets its own bridge (created here, outside 172.17.0.0/16).
# Images: copied from the default engine (docker save | docker load) when it has them, else
# built offline by scripts/base-images.sh against this engine.
set -euo pipefail
cd "$(dirname "$0")/.."

NAME=docker-bench
SOCK=/var/run/$NAME.sock
BRIDGE=br-rdbench
ADDR=${RUSTDOCK_BENCH_BRIDGE_ADDR:-172.31.255.1/24}
LOG=${RUSTDOCK_BENCH_DOCKERD_LOG:-/var/log/dockerd-bench.log}
DOCKER=/usr/bin/docker
export DOCKER_BUILDKIT=1

say() { echo "second-engine: $*" >&2; }
die() { echo "second-engine: error: $*" >&2; exit 1; }
bench() { DOCKER_HOST=unix://$SOCK "$DOCKER" "$@"; }

[ "$(id -u)" = 0 ] || die "must run as root (starts dockerd)"
command -v dockerd >/dev/null 2>&1 || bash scripts/engine.sh >/dev/null

if bench info >/dev/null 2>&1; then
    say "engine already answering on $SOCK"
else
    if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
        ip link add "$BRIDGE" type bridge
        ip addr add "$ADDR" dev "$BRIDGE"
        ip link set "$BRIDGE" up
    fi
    say "starting dockerd on $SOCK (data /var/lib/$NAME, bridge $BRIDGE, log $LOG)"
    nohup setsid dockerd --iptables=false --ip-masq=false --bridge="$BRIDGE" \
        --data-root "/var/lib/$NAME" --exec-root "/var/run/$NAME-exec" \
        --pidfile "/var/run/$NAME.pid" -H "unix://$SOCK" >>"$LOG" 2>&1 </dev/null &
    for _ in $(seq 120); do bench info >/dev/null 2>&1 && break; sleep 0.5; done
    bench info >/dev/null 2>&1 || die "dockerd did not answer on $SOCK; see $LOG"
fi

PY=.venv/bin/python
missing() { # prints `--kind image` pairs for the images this engine lacks
    while read -r kind image; do
        bench image inspect "$image" >/dev/null 2>&1 || echo "--$kind $image"
    done < <("$PY" -m bench images)
}
copyable=()
while read -r _ image; do
    "$DOCKER" image inspect "$image" >/dev/null 2>&1 && copyable+=("$image")
done < <(missing)
if [ ${#copyable[@]} -gt 0 ]; then
    say "copying ${copyable[*]} from the default engine"
    "$DOCKER" save "${copyable[@]}" | bench load >/dev/null
fi
mapfile -t still < <(missing)
if [ ${#still[@]} -gt 0 ]; then
    # shellcheck disable=SC2046  # each line is `--kind image`
    DOCKER_HOST=unix://$SOCK bash scripts/base-images.sh $(printf '%s ' "${still[@]}")
fi
echo "DOCKER_HOST=unix://$SOCK"

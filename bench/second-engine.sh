#!/usr/bin/env bash
# bench/second-engine.sh — start the benchmark's own Docker engine, a second daemon of one of
# the engines the tests build on, and give it the base images. Root; idempotent.
#
# Usage: bash bench/second-engine.sh [ENGINE]   (ENGINE: a name of scripts/engines.txt,
#                                               default the first, the main one)
# Prints the bench engine's client on stdout: /opt/rustdock/bench/ENGINE/docker.
#
# Why: the benchmark prunes its engine's build cache many times, and the end-to-end tests of
# other work run on the shared engines at the same time; on one engine each would wreck the
# other's builds and measurements. This engine runs the same binaries as the shared ENGINE
# (scripts/engine.sh unpacks them into /opt/rustdock/engines/ENGINE; no dockerd on PATH is
# needed) with a socket, data root, exec root (the managed containerd's socket lives there),
# pidfile and bridge of its own. Not --bridge=none: with it dockerd deletes the interface
# docker0 at start, which breaks `docker run` on the machine's own engine.
# Images: copied from the shared ENGINE (docker save | docker load: only read there), else
# built offline by scripts/base-images.sh, which then also tags the names the benchmarked
# Dockerfiles use and checks a container runs and a crate builds.
#
# Environment: RUSTDOCK_ENGINE_WAIT  seconds to wait for the daemon (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."

# The bench engine of each shared engine: its bridge and address (outside the shared engines'
# 172.31.250-251.0/24 of scripts/engines.txt and Docker's 172.17.0.0/16).
#   engine        bridge         address
BRIDGES="
    docker-26     rdb-docker26   172.31.252.1/24
    docker-20.10  rdb-docker2010 172.31.253.1/24
"
SHARED=/opt/rustdock/engines
OPT=/opt/rustdock/bench
DATA=/var/lib/rustdock/bench
RUN=/run/rustdock/bench
LOGS=/var/log/rustdock
WAIT=${RUSTDOCK_ENGINE_WAIT:-60}

say() { echo "second-engine: $*" >&2; }
die() { echo "second-engine: error: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (starts dockerd)"
main=$(grep -vE '^[[:space:]]*(#|$)' scripts/engines.txt | awk 'NR == 1 {print $1}')
NAME=${1:-$main}
grep -qE "^$NAME[[:space:]]" scripts/engines.txt || die "no engine '$NAME' in scripts/engines.txt"
read -r BRIDGE ADDR < <(awk -v n="$NAME" '$1 == n {print $2, $3}' <<<"$BRIDGES")
[ -n "${BRIDGE:-}" ] || die "no bridge for '$NAME' in bench/second-engine.sh's table"

# The shared engine: unpacked (and started) by scripts/engine.sh; here only its binaries are
# run, and its images read.
SRC=$SHARED/$NAME
if [ ! -x "$SRC/usr/sbin/dockerd" ] || ! "$SRC/docker" info >/dev/null 2>&1; then
    bash scripts/engine.sh "$NAME" >/dev/null
fi

# The bench engine's client: the shared engine's client binary (and buildx plugin, with its
# builder `default`: the docker driver) pointed at this socket, with a config dir of its own.
DIR=$OPT/$NAME
CLIENT=$DIR/docker
mkdir -p "$DIR/config" "$RUN" "$DATA" "$LOGS"
builder=""
if [ -x "$SRC/usr/libexec/docker/cli-plugins/docker-buildx" ]; then
    mkdir -p "$DIR/config/cli-plugins"
    ln -sfn "$SRC/usr/libexec/docker/cli-plugins/docker-buildx" "$DIR/config/cli-plugins/docker-buildx"
    builder=" BUILDX_BUILDER=default"
fi
cat >"$CLIENT.new" <<EOF
#!/bin/sh
# The client of the benchmark's engine $NAME (bench/second-engine.sh wrote this file).
export DOCKER_HOST=unix://$RUN/$NAME.sock DOCKER_CONFIG=$DIR/config DOCKER_BUILDKIT=1$builder
exec $SRC/usr/bin/docker "\$@"
EOF
chmod +x "$CLIENT.new"
mv "$CLIENT.new" "$CLIENT"

alive() { [ -n "$1" ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = dockerd ]; }
if "$CLIENT" info >/dev/null 2>&1; then
    say "$NAME: bench engine already answering on $RUN/$NAME.sock"
else
    pid=$(cat "$RUN/$NAME.pid" 2>/dev/null || true)
    if ! alive "$pid"; then
        rm -f "$RUN/$NAME.pid"
        if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
            ip link add "$BRIDGE" type bridge
            ip addr add "$ADDR" dev "$BRIDGE"
        fi
        ip link set "$BRIDGE" up
        # The shared engine's storage driver: overlay2, or vfs where scripts/engine.sh fell back.
        driver=$("$SRC/docker" info --format '{{.Driver}}' 2>/dev/null || echo overlay2)
        log=$LOGS/bench-$NAME.log
        args=(--iptables=false --ip-masq=false --bridge="$BRIDGE" --userland-proxy=false
              --storage-driver="$driver" --data-root="$DATA/$NAME" --exec-root="$RUN/$NAME"
              --pidfile="$RUN/$NAME.pid" --host="unix://$RUN/$NAME.sock")
        say "$NAME: starting dockerd on $RUN/$NAME.sock (data $DATA/$NAME, bridge $BRIDGE, $driver, log $log)"
        echo "---- $(date -Is) second-engine.sh: dockerd ${args[*]}" >>"$log"
        PATH="$SRC/usr/sbin:$SRC/usr/bin:$PATH" nohup setsid "$SRC/usr/sbin/dockerd" "${args[@]}" \
            >>"$log" 2>&1 </dev/null &
        pid=$!
    fi
    for ((i = 0; i < WAIT * 2; i++)); do
        "$CLIENT" info >/dev/null 2>&1 && break
        alive "$pid" || die "$NAME: dockerd exited; see $LOGS/bench-$NAME.log"
        sleep 0.5
    done
    "$CLIENT" info >/dev/null 2>&1 || die "$NAME: dockerd did not answer within ${WAIT}s; see $LOGS/bench-$NAME.log"
    say "$NAME: bench engine up (pid $pid)"
fi

PY=.venv/bin/python
mapfile -t images < <("$PY" -m bench images) # `chef IMAGE` / `runtime IMAGE`
[ ${#images[@]} -gt 0 ] || die "python -m bench images listed no image"
copy=()
for line in "${images[@]}"; do
    image=${line#* }
    "$CLIENT" image inspect "$image" >/dev/null 2>&1 && continue
    "$SRC/docker" image inspect "$image" >/dev/null 2>&1 && copy+=("$image")
done
if [ ${#copy[@]} -gt 0 ]; then
    say "$NAME: copying ${copy[*]} from the shared engine"
    "$SRC/docker" save "${copy[@]}" | "$CLIENT" load -q >/dev/null
fi
args=()
for line in "${images[@]}"; do args+=("--${line%% *}" "${line#* }"); done
bash scripts/base-images.sh --docker "$CLIENT" "${args[@]}" >&2
echo "$CLIENT"

#!/usr/bin/env bash
# scripts/engine.sh — make sure a local Docker engine with BuildKit is answering.
#
# Usage: scripts/engine.sh            (as root; idempotent, safe to rerun)
#
#   1. Installs Debian's docker.io (20.10, BuildKit built in) and mmdebstrap
#      with apt-get when /usr/bin/docker, dockerd or mmdebstrap is missing.
#   2. If `/usr/bin/docker info` does not answer, starts
#      `dockerd --iptables=false` detached (nohup + setsid, so it outlives this
#      script), logging to $RUSTDOCK_DOCKERD_LOG, and waits for the socket.
#      The storage driver is dockerd's default (overlay2); only when dockerd
#      dies on it is it restarted with --storage-driver=vfs.
#   3. Prints the Docker client/server and BuildKit versions.
#
# Environment:
#   RUSTDOCK_DOCKERD_LOG     dockerd log file  (default /var/log/dockerd-rustdock.log)
#   RUSTDOCK_ENGINE_WAIT     seconds to wait for the daemon (default 60)
#   RUSTDOCK_STORAGE_DRIVER  force a storage driver (default: overlay2, vfs fallback)
#
# Always use /usr/bin/docker with DOCKER_BUILDKIT=1 afterwards: another
# `docker` earlier on PATH may be a newer client without buildx that refuses
# BuildKit builds.
set -euo pipefail

DOCKER=/usr/bin/docker
LOG=${RUSTDOCK_DOCKERD_LOG:-/var/log/dockerd-rustdock.log}
WAIT=${RUSTDOCK_ENGINE_WAIT:-60}
SOCK=/var/run/docker.sock

say() { echo "engine: $*" >&2; }
die() { echo "engine: error: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (installs packages and starts dockerd)"

# --- 1. packages -----------------------------------------------------------
if [ ! -x "$DOCKER" ] || ! command -v dockerd >/dev/null 2>&1 \
    || ! command -v mmdebstrap >/dev/null 2>&1; then
    say "installing docker.io mmdebstrap ca-certificates with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    # Keep the package's init script from starting its own dockerd (with
    # iptables on) during the install; this script starts the daemon itself.
    own_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        own_policy=1
    fi
    trap '[ "$own_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
    apt-get update -qq >&2 || die "apt-get update failed"
    apt-get install -y -qq --no-install-recommends \
        docker.io mmdebstrap ca-certificates >&2 \
        || die "apt-get install docker.io mmdebstrap failed"
    [ "$own_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
    trap - EXIT
fi
[ -x "$DOCKER" ] || die "$DOCKER missing after install"

# --- 2. daemon ------------------------------------------------------------
answering() { "$DOCKER" info >/dev/null 2>&1; }

# wait_ready PID: 0 when the daemon answers, 1 on timeout, 2 when PID died.
wait_ready() {
    local pid=$1 i
    for ((i = 0; i < WAIT * 2; i++)); do
        if [ -S "$SOCK" ] && answering; then return 0; fi
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 2; fi
        sleep 0.5
    done
    return 1
}

start_dockerd() { # start_dockerd [extra dockerd args...]; echoes the pid
    {
        echo "---- $(date -Is) engine.sh: dockerd --iptables=false $*"
    } >>"$LOG"
    nohup setsid dockerd --iptables=false "$@" >>"$LOG" 2>&1 </dev/null &
    echo $!
}

if answering; then
    say "daemon already answering on $SOCK"
else
    mkdir -p "$(dirname "$LOG")"
    pid=$(pidof dockerd 2>/dev/null | awk '{print $1}' || true)
    if [ -n "$pid" ]; then
        say "dockerd (pid $pid) is running but not answering yet; waiting"
    else
        args=()
        [ -n "${RUSTDOCK_STORAGE_DRIVER:-}" ] && args=(--storage-driver="$RUSTDOCK_STORAGE_DRIVER")
        say "starting dockerd --iptables=false${args[*]:+ ${args[*]}} (log: $LOG)"
        pid=$(start_dockerd "${args[@]}")
    fi
    rc=0; wait_ready "$pid" || rc=$?
    if [ "$rc" = 2 ] && [ -z "${RUSTDOCK_STORAGE_DRIVER:-}" ] \
        && tail -n 40 "$LOG" | grep -qiE 'overlay|storage driver|graphdriver'; then
        say "dockerd died on the default storage driver; retrying with --storage-driver=vfs"
        pid=$(start_dockerd --storage-driver=vfs)
        rc=0; wait_ready "$pid" || rc=$?
    fi
    if [ "$rc" != 0 ]; then
        say "errors at the end of $LOG:"
        { tail -n 60 "$LOG" | grep -E 'level=(error|fatal)|failed to start' || tail -n 10 "$LOG"; } \
            | tail -n 10 | sed 's/^/engine:   /' >&2
        if [ "$rc" = 2 ]; then die "dockerd exited before answering"; fi
        die "dockerd did not answer on $SOCK within ${WAIT}s"
    fi
    say "dockerd is up (pid $pid)"
fi

# --- 3. versions ----------------------------------------------------------
client=$("$DOCKER" version --format '{{.Client.Version}}' 2>/dev/null || echo '?')
server=$("$DOCKER" version --format '{{.Server.Version}}' 2>/dev/null || echo '?')
driver=$("$DOCKER" info --format '{{.Driver}}' 2>/dev/null || echo '?')
cgroup=$("$DOCKER" info --format '{{.CgroupDriver}} v{{.CgroupVersion}}' 2>/dev/null || echo '?')
# The engine embeds BuildKit as a Go module; read its version from the binary.
buildkit=$( (go version -m "$(command -v dockerd)" 2>/dev/null || true) \
    | awk '$2 == "github.com/moby/buildkit" {print $3; exit}')
if [ -z "$buildkit" ]; then
    buildkit=$(grep -aoE 'github\.com/moby/buildkit@v[0-9][^ /"]*' "$(command -v dockerd)" 2>/dev/null | head -n1 | sed 's/.*@//' || true)
fi
if [ -z "$buildkit" ]; then
    # Debian's docker.io vendors BuildKit without module info; moby 20.10.x
    # vendors the BuildKit v0.8.3 line (moby/moby vendor.conf).
    case "$server" in
        20.10.*) buildkit="v0.8.3 (vendored in moby $server)" ;;
    esac
fi
say "docker client $client, server $server, storage driver $driver, cgroups $cgroup"
say "BuildKit ${buildkit:-built in (version not recorded in the binary)}"
echo "docker $server buildkit ${buildkit:-unknown} storage $driver"

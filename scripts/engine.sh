#!/usr/bin/env bash
# scripts/engine.sh — install and start the Docker engines the end-to-end tests build on.
#
# Usage: scripts/engine.sh [--fresh | --stop] [NAME]...    (as root; idempotent, safe to rerun)
#
# NAME is an engine of scripts/engines.txt (default: every one not marked on-demand). For each:
#   1. Unpacks Debian's own packages of its suite (apt-get download with a private apt state,
#      then dpkg-deb -x) into /opt/rustdock/engines/NAME, once (again only when the table
#      names other packages; PACKAGES there lists what was unpacked). Nothing is installed with
#      dpkg, so the machine's own docker, if any, is neither replaced nor restarted. The
#      engines share the machine's containerd, runc and iptables (bookworm's containerd 1.6 and
#      runc 1.1 satisfy both engines' package dependencies), which this script installs with
#      apt-get, with mmdebstrap for scripts/base-images.sh, the image registry server and qemu's
#      user-mode emulators. An engine whose options say `binaries=OTHER` runs OTHER's unpacked
#      binaries instead.
#   2. Writes /opt/rustdock/engines/NAME/docker: that engine's own client, pointed at its
#      socket (DOCKER_HOST), with BuildKit on and, where buildx is installed, the builder
#      `default` (the docker driver: the daemon's own BuildKit, no builder image to pull).
#   3. When that client gets no answer, starts the engine's dockerd detached (nohup + setsid):
#      socket /run/rustdock/NAME.sock, pidfile /run/rustdock/NAME.pid, exec root
#      /run/rustdock/NAME, data root /var/lib/rustdock/engines/NAME, log
#      /var/log/rustdock/NAME.log, no iptables, its own bridge (created here; not
#      --bridge=none, with which dockerd deletes the machine's docker0), and with the option
#      `containerd-store` the containerd image store (daemon.json's containerd-snapshotter),
#      which multi-platform images and cache export need. A dockerd that answers is never
#      restarted, except with --fresh: that stops it and empties its data root first, a CI
#      runner's builder that starts with nothing. --stop stops it, empties its data root, and
#      starts nothing. Storage: dockerd's default; only when
#      dockerd dies on it is it restarted with --storage-driver=vfs.
#   4. Prints one line per engine on stdout: NAME CLIENT SERVER-VERSION STORE (classic or
#      containerd; BuildKit's version on stderr).
#   5. Registers qemu's aarch64 emulator with binfmt_misc (flag F: containers use it too), so
#      linux/arm64 images run here; a machine that cannot mount binfmt_misc says so and goes on.
#
# Environment:
#   RUSTDOCK_ENGINE_WAIT     seconds to wait for a daemon (default 60)
#   RUSTDOCK_STORAGE_DRIVER  force a storage driver (default: dockerd's, vfs fallback)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/apt-mirror.sh"

OPT=/opt/rustdock/engines
DATA=/var/lib/rustdock/engines
RUN=/run/rustdock
LOGS=/var/log/rustdock
APT_STATE=/var/cache/rustdock/apt
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
WAIT=${RUSTDOCK_ENGINE_WAIT:-60}

say() { echo "engine: $*" >&2; }
die() { echo "engine: error: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (unpacks packages and starts dockerd)"

# NAME SUITE PACKAGES BRIDGE ADDRESS OPTIONS, one line per engine, main one first.
mapfile -t table < <(grep -vE '^[[:space:]]*(#|$)' "$HERE/engines.txt")
fresh=0 only_stop=0
case "${1:-}" in
    --fresh) fresh=1; shift ;;
    --stop) only_stop=1; shift ;;
esac
wanted=("$@")
if [ ${#wanted[@]} -eq 0 ]; then
    for row in "${table[@]}"; do
        [[ ",$(awk '{print $6}' <<<"$row")," == *,on-demand,* ]] || wanted+=("${row%% *}")
    done
fi
option() { [[ ",$1," == *",$2,"* ]]; } # option OPTIONS NAME
option_value() { tr , '\n' <<<"$1" | sed -n "s/^$2=//p"; } # option_value OPTIONS NAME

# --- machine packages ---------------------------------------------------------
# What every engine runs on, from the machine's own release.
if ! command -v containerd >/dev/null 2>&1 || ! command -v runc >/dev/null 2>&1 \
    || ! command -v iptables >/dev/null 2>&1 || ! command -v mmdebstrap >/dev/null 2>&1 \
    || ! command -v ip >/dev/null 2>&1 || ! command -v docker-registry >/dev/null 2>&1 \
    || ! command -v qemu-aarch64-static >/dev/null 2>&1 || ! command -v arch-test >/dev/null 2>&1; then
    say "installing containerd runc iptables mmdebstrap iproute2 docker-registry qemu-user-static with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    # Keep the packages' init scripts from starting daemons during the install.
    own_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        own_policy=1
    fi
    trap '[ "$own_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
    apt-get update -qq >&2 || die "apt-get update failed"
    apt-get install -y -qq --no-install-recommends \
        containerd runc iptables mmdebstrap iproute2 ca-certificates docker-registry qemu-user-static arch-test >&2 \
        || die "apt-get install containerd runc mmdebstrap docker-registry qemu-user-static failed"
    [ "$own_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
    trap - EXIT
fi

# --- 1. unpack ------------------------------------------------------------------
# private_apt SUITE ARGS...: apt-get on SUITE's lists alone, kept apart from the machine's
# sources, lists and pins.
private_apt() {
    local suite=$1 state="$APT_STATE/$1"; shift
    apt-get -qq -o Dir::Etc::SourceList="$state/sources.list" -o Dir::Etc::SourceParts="$state/none" \
        -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts="$state/none" \
        -o Dir::State::Lists="$state/lists" -o Dir::Cache="$state/cache" \
        -o APT::Sandbox::User=root "$@"
}

unpack() { # unpack NAME SUITE PACKAGES(comma-separated)
    local name=$1 suite=$2 state="$APT_STATE/$2" dir="$OPT/$1" t0=$SECONDS
    local packages
    IFS=, read -r -a packages <<<"$3"
    say "$name: unpacking ${packages[*]} from Debian $suite into $dir"
    mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/none"
    local signed=""
    [ -r "$KEYRING" ] && signed="[signed-by=$KEYRING] "
    mirror_lines "$suite" | sed "s|^deb |deb $signed|" >"$state/sources.list"
    [ -s "$state/sources.list" ] || die "no Debian entry in this machine's apt sources"
    private_apt "$suite" update >&2 || die "$name: apt-get update for $suite failed"
    local debs="$state/debs" new="$dir.new"
    rm -rf "$debs" "$new"
    mkdir -p "$debs" "$new"
    (cd "$debs" && private_apt "$suite" download "${packages[@]}" >&2) \
        || die "$name: apt-get download ${packages[*]} ($suite) failed"
    local deb
    for deb in "$debs"/*.deb; do
        dpkg-deb -x "$deb" "$new"
        dpkg-deb -f "$deb" Package Version | paste -sd ' ' | sed 's/^Package: //; s/ Version: /=/' \
            >>"$new/PACKAGES"
    done
    rm -rf "$debs" "$new"/etc "$new"/usr/lib/systemd "$new"/usr/lib/udev "$new"/usr/share
    rm -rf "$dir"
    mv "$new" "$dir"
    say "$name: unpacked $(paste -sd ' ' "$dir/PACKAGES") in $((SECONDS - t0)) s"
}

write_client() { # write_client NAME BINARIES: the engine's own docker client, at its socket
    local name=$1 bin=$2 dir="$OPT/$1" builder=""
    mkdir -p "$dir/config"
    if [ -x "$bin/usr/libexec/docker/cli-plugins/docker-buildx" ]; then
        mkdir -p "$dir/config/cli-plugins"
        ln -sfn "$bin/usr/libexec/docker/cli-plugins/docker-buildx" "$dir/config/cli-plugins/docker-buildx"
        builder=" BUILDX_BUILDER=default"
    fi
    cat >"$dir/docker.new" <<EOF
#!/bin/sh
# The client of the rustdock engine $name (scripts/engine.sh wrote this file).
export DOCKER_HOST=unix://$RUN/$name.sock DOCKER_CONFIG=$dir/config DOCKER_BUILDKIT=1$builder
exec $bin/usr/bin/docker "\$@"
EOF
    chmod +x "$dir/docker.new"
    mv "$dir/docker.new" "$dir/docker"
}

# --- 2. daemon --------------------------------------------------------------------
answering() { "$OPT/$1/docker" info >/dev/null 2>&1; }
# alive PID: PID is a dockerd that has not exited (a zombie has; a reused pid is no dockerd).
alive() {
    [ -n "$1" ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = dockerd ] \
        && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

# wait_ready NAME PID: 0 when the daemon answers, 1 on timeout, 2 when PID died.
wait_ready() {
    local i
    for ((i = 0; i < WAIT * 2; i++)); do
        if answering "$1"; then return 0; fi
        if ! alive "$2"; then return 2; fi
        sleep 0.5
    done
    return 1
}

start_dockerd() { # start_dockerd NAME BRIDGE BINARIES [extra dockerd args...]; echoes the pid
    local name=$1 bridge=$2 bin=$3; shift 3
    local args=(--iptables=false --ip-masq=false --bridge="$bridge" --userland-proxy=false
                --data-root="$DATA/$name" --exec-root="$RUN/$name" --pidfile="$RUN/$name.pid"
                --host="unix://$RUN/$name.sock" "$@")
    [ -f "$OPT/$name/daemon.json" ] && args+=(--config-file="$OPT/$name/daemon.json")
    echo "---- $(date -Is) engine.sh: dockerd ${args[*]}" >>"$LOGS/$name.log"
    PATH="$bin/usr/sbin:$bin/usr/bin:$PATH" nohup setsid "$bin/usr/sbin/dockerd" "${args[@]}" \
        >>"$LOGS/$name.log" 2>&1 </dev/null &
    echo $!
}

daemon_config() { # daemon_config NAME OPTIONS: daemon.json for the options that need one
    local file="$OPT/$1/daemon.json"
    mkdir -p "$OPT/$1"
    if option "$2" containerd-store; then
        echo '{"features": {"containerd-snapshotter": true}}' >"$file"
    else
        rm -f "$file"
    fi
}

store_of() { if option "$1" containerd-store; then echo containerd; else echo classic; fi; } # store_of OPTIONS
running_store() { # running_store NAME: the store of the dockerd that answers
    if [ "$("$OPT/$1/docker" info --format '{{.Driver}}' 2>/dev/null)" = overlayfs ]; then echo containerd; else echo classic; fi
}

stop() { # stop NAME: the engine's dockerd (and the containerd it started) exit; its data root goes
    local name=$1 pid="" i
    [ -s "$RUN/$name.pid" ] && pid=$(cat "$RUN/$name.pid")
    if alive "$pid"; then
        kill -TERM "$pid"
        for ((i = 0; i < 60; i++)); do alive "$pid" || break; sleep 0.5; done
        if alive "$pid"; then kill -KILL "$pid"; sleep 1; fi
    fi
    rm -f "$RUN/$name.pid"
    # the data root itself too: a dockerd may have bind-mounted it onto itself (rm -rf: "busy")
    awk -v a="$RUN/$name/" -v b="$DATA/$name/" -v d="$DATA/$name" \
        'index($2, a) == 1 || index($2, b) == 1 || $2 == d { print $2 }' /proc/self/mounts \
        | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    rm -rf "${DATA:?}/$name" "${RUN:?}/$name"
    say "$name: stopped, data root emptied"
}

start() { # start NAME BRIDGE ADDRESS BINARIES
    local name=$1 bridge=$2 address=$3 bin=$4 pid="" rc=0 args=()
    if answering "$name"; then
        say "$name: already answering on $RUN/$name.sock"
        return 0
    fi
    mkdir -p "$RUN" "$LOGS" "$DATA"
    [ -s "$RUN/$name.pid" ] && pid=$(cat "$RUN/$name.pid")
    if alive "$pid"; then
        say "$name: dockerd (pid $pid) is running but not answering yet; waiting"
    else
        # A pidfile left by a dockerd that was killed: its pid may belong to another process now.
        rm -f "$RUN/$name.pid"
        if ! ip link show "$bridge" >/dev/null 2>&1; then
            ip link add "$bridge" type bridge
            ip addr add "$address" dev "$bridge"
        fi
        ip link set "$bridge" up
        [ -n "${RUSTDOCK_STORAGE_DRIVER:-}" ] && args=(--storage-driver="$RUSTDOCK_STORAGE_DRIVER")
        say "$name: starting dockerd on $RUN/$name.sock (data $DATA/$name, bridge $bridge, log $LOGS/$name.log)"
        pid=$(start_dockerd "$name" "$bridge" "$bin" "${args[@]}")
    fi
    wait_ready "$name" "$pid" || rc=$?
    if [ "$rc" = 2 ] && [ -z "${RUSTDOCK_STORAGE_DRIVER:-}" ] \
        && tail -n 40 "$LOGS/$name.log" | grep -qiE 'overlay|storage driver|graphdriver'; then
        say "$name: dockerd died on the default storage driver; retrying with --storage-driver=vfs"
        pid=$(start_dockerd "$name" "$bridge" "$bin" --storage-driver=vfs)
        rc=0; wait_ready "$name" "$pid" || rc=$?
    fi
    if [ "$rc" != 0 ]; then
        say "$name: errors at the end of $LOGS/$name.log:"
        { tail -n 60 "$LOGS/$name.log" | grep -E 'level=(error|fatal)|failed to start' || tail -n 10 "$LOGS/$name.log"; } \
            | tail -n 10 | sed 's/^/engine:   /' >&2
        [ "$rc" = 2 ] && die "$name: dockerd exited before answering"
        die "$name: dockerd did not answer on $RUN/$name.sock within ${WAIT}s"
    fi
    say "$name: dockerd is up (pid $pid)"
}

# --- 3. versions --------------------------------------------------------------------
buildkit_version() { # buildkit_version NAME SERVER_VERSION
    local dir="$OPT/$1" version=""
    if [ -e "$dir/config/cli-plugins/docker-buildx" ]; then
        version=$("$dir/docker" buildx inspect 2>/dev/null | awk '$1 == "BuildKit" && $2 == "version:" {print $3; exit}')
    fi
    case "$version" in
        "" | v0.0.0*)
            # Debian builds the engine's BuildKit without its version; moby vendors the
            # BuildKit v0.8 line in 20.10 (vendor.conf) and the v0.13 line in 26.1 (vendor.mod).
            case "$2" in
                20.10.*) version="v0.8 (moby 20.10's)" ;;
                26.1.*) version="v0.13 (moby 26.1's)" ;;
                *) version="unknown" ;;
            esac ;;
    esac
    echo "$version"
}

for name in "${wanted[@]}"; do
    row=""
    for candidate in "${table[@]}"; do
        [ "${candidate%% *}" = "$name" ] && row=$candidate
    done
    [ -n "$row" ] || die "no engine '$name' in scripts/engines.txt"
    if [ "$only_stop" = 1 ]; then stop "$name"; continue; fi
    read -r _ suite packages bridge address options <<<"$row"
    options=${options:--}
    other=$(option_value "$options" binaries)
    bin="$OPT/${other:-$name}"
    if [ -n "$other" ]; then
        [ -x "$bin/usr/sbin/dockerd" ] || die "$name: runs $other's binaries; start $other first"
    else
        # Unpacked already, with the packages the table names (a version is kept until then).
        unpacked=$(cut -d= -f1 "$OPT/$name/PACKAGES" 2>/dev/null | sort | paste -sd, || true)
        [ -x "$OPT/$name/usr/sbin/dockerd" ] && [ "$unpacked" = "$(tr , '\n' <<<"$packages" | sort | paste -sd,)" ] \
            || unpack "$name" "$suite" "$packages"
    fi
    write_client "$name" "$bin"
    daemon_config "$name" "$options"
    if [ "$fresh" = 1 ]; then
        stop "$name"
    elif answering "$name" && [ "$(store_of "$options")" != "$(running_store "$name")" ]; then
        say "$name: restarting dockerd to switch to the $(store_of "$options") image store"
        pid=$(cat "$RUN/$name.pid" 2>/dev/null || true)
        if alive "$pid"; then kill -TERM "$pid"; for ((i = 0; i < 60; i++)); do alive "$pid" || break; sleep 0.5; done; fi
    fi
    start "$name" "$bridge" "$address" "$bin"

    client=$("$OPT/$name/docker" version --format '{{.Client.Version}}' 2>/dev/null || echo '?')
    server=$("$OPT/$name/docker" version --format '{{.Server.Version}}' 2>/dev/null || echo '?')
    driver=$("$OPT/$name/docker" info --format '{{.Driver}}' 2>/dev/null || echo '?')
    buildkit=$(buildkit_version "$name" "$server")
    say "$name: docker client $client, server $server, BuildKit $buildkit, storage driver $driver"
    echo "$name $OPT/$name/docker $server $(store_of "$options")"
done

# --- 5. arm64 emulation ---------------------------------------------------------------
BINFMT=/proc/sys/fs/binfmt_misc
if [ ! -e "$BINFMT/register" ]; then
    mount -t binfmt_misc binfmt_misc "$BINFMT" 2>/dev/null \
        || say "binfmt_misc cannot be mounted here: linux/arm64 images will not run"
fi
if [ -e "$BINFMT/register" ] && [ ! -e "$BINFMT/qemu-aarch64" ]; then
    # Debian's registration (qemu-user-static). Its flag F makes the kernel open the emulator
    # now, so it also runs binaries inside containers, whose root file system does not have it.
    cat /usr/lib/binfmt.d/qemu-aarch64.conf >"$BINFMT/register" && say "registered qemu-aarch64 with binfmt_misc"
fi

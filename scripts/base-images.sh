#!/usr/bin/env bash
# scripts/base-images.sh — build the base images rustdock's Dockerfiles start
# FROM, offline (no image registry), and tag them. Idempotent: a tag that
# already exists and was made by this version of the script is kept, so a
# rerun only verifies.
#
# Usage: scripts/base-images.sh [--docker CLIENT]... [--runtime TAG]... [--chef TAG]... [--no-verify]
#
#   --runtime TAG  tag for the runtime base: Debian minbase (mmdebstrap),
#                  /bin/sh, apt sources kept (apt-get works in builds run
#                  with --network=host), docs/man/locales excluded and
#                  apt's docker-clean settings, like debian:*-slim; no CA
#                  bundle.
#   --chef TAG     tag for the Rust builder: minbase + gcc, libc6-dev,
#                  ca-certificates and wget (exactly what rust:*-slim adds);
#                  this machine's rustup toolchain (without share/) in
#                  /usr/local/rustup, rustup + proxies and
#                  cargo-chef in /usr/local/cargo/bin; the official rust
#                  image's env (RUSTUP_HOME, CARGO_HOME, PATH, RUST_VERSION).
#   --no-verify    skip the checks at the end (container runs, tiny crate build).
#   --docker CLIENT  the docker client of an engine the images must exist in;
#                  repeats, one per engine (default /usr/bin/docker: the engine
#                  DOCKER_HOST names, else the default socket). scripts/engine.sh
#                  prints each engine's client. An image none of them has is
#                  built once, in the first, and copied to the others with
#                  docker save | docker load; the checks run in every one.
#   --runtime and --chef repeat: every TAG names the same image. With neither given,
#   the defaults are built:
#     runtime: debian:SUITE-slim
#     chef:    lukemathwalker/cargo-chef:latest-rust-X.Y-slim-SUITE
#              rust:X.Y-slim-SUITE
#   where X.Y is the host toolchain's version (e.g. 1.95) and SUITE bookworm.
#   Giving only --runtime (or only --chef) builds only that image.
#
# Environment:
#   RUSTDOCK_SUITE              Debian suite (default bookworm)
#   RUSTDOCK_TOOLCHAIN          host rustup toolchain to copy (default: rustup's default)
#   RUSTDOCK_CACHE              cache dir (default /var/cache/rustdock); cargo-chef
#                               is `cargo install`ed once into $RUSTDOCK_CACHE/cargo-chef
#   RUSTDOCK_CARGO_CHEF_VERSION cargo-chef version to install (default: newest)
#   RUSTDOCK_HOST_CA            1 (default): copy this machine's extra CAs from
#                               /usr/local/share/ca-certificates into the images, so
#                               cargo in a build trusts the same TLS proxies the host
#                               does; 0: leave them out
#   TMPDIR                      where the root filesystems are assembled
#                               (default /var/tmp; removed afterwards)
#
# The Debian mirror is read from this machine's apt sources at run time.
# Needs root, mmdebstrap and running engines (scripts/engine.sh starts them).
set -euo pipefail

export DOCKER_BUILDKIT=1
SUITE=${RUSTDOCK_SUITE:-bookworm}
CACHE=${RUSTDOCK_CACHE:-/var/cache/rustdock}
LABEL=io.rustdock.base
# Bumped whenever what the images hold changes, so an image made by an older
# version of this script is rebuilt rather than reused by its label.
IMAGES_VERSION=2

say() { echo "base-images: $*" >&2; }
die() { echo "base-images: error: $*" >&2; exit 1; }

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; }

runtime_tags=() chef_tags=() verify=1 dockers=()
while [ $# -gt 0 ]; do
    case "$1" in
        --docker) [ $# -ge 2 ] || die "--docker needs a CLIENT"; dockers+=("$2"); shift 2 ;;
        --docker=*) dockers+=("${1#*=}"); shift ;;
        --runtime) [ $# -ge 2 ] || die "--runtime needs a TAG"; runtime_tags+=("$2"); shift 2 ;;
        --runtime=*) runtime_tags+=("${1#*=}"); shift ;;
        --chef) [ $# -ge 2 ] || die "--chef needs a TAG"; chef_tags+=("$2"); shift 2 ;;
        --chef=*) chef_tags+=("${1#*=}"); shift ;;
        --no-verify) verify=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage; die "unknown argument: $1" ;;
    esac
done

[ "$(id -u)" = 0 ] || die "must run as root (mmdebstrap, docker)"
command -v mmdebstrap >/dev/null 2>&1 || die "mmdebstrap missing: run scripts/engine.sh first"
[ ${#dockers[@]} -gt 0 ] || dockers=(/usr/bin/docker)
for d in "${dockers[@]}"; do
    command -v "$d" >/dev/null 2>&1 || die "$d missing: run scripts/engine.sh first"
    "$d" info >/dev/null 2>&1 || die "no engine answers $d: run scripts/engine.sh first"
done
DOCKER=${dockers[0]} # where images are built when no engine has them
. "$(dirname "$0")/images-lib.sh"

if [ ${#runtime_tags[@]} -eq 0 ] && [ ${#chef_tags[@]} -eq 0 ]; then
    need_toolchain
    runtime_tags=("debian:$SUITE-slim")
    chef_tags=("lukemathwalker/cargo-chef:latest-rust-$RUST_XY-slim-$SUITE"
               "rust:$RUST_XY-slim-$SUITE")
fi

BASE_ENV=(
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
    'CMD ["bash"]'
)

build_runtime() {
    local tag=$1 lv=$2
    workdir
    rootfs "$WORK/runtime" 0
    import_dir "$WORK/runtime" "$tag" "$lv" "${BASE_ENV[@]}"
}

build_chef() {
    local tag=$1 lv=$2 dir tc
    need_toolchain
    cargo_chef_bin
    workdir
    dir="$WORK/chef"
    rootfs "$dir" 1 --include=gcc,libc6-dev,ca-certificates,wget

    # Laid out like the official rust image: toolchain named after the version.
    tc="$RUST_VERSION-$HOST_TRIPLE"
    say "copying toolchain $SYSROOT (without share/) as $tc"
    mkdir -p "$dir/usr/local/rustup/toolchains/$tc" "$dir/usr/local/cargo/bin"
    tar -C "$SYSROOT" --exclude=./share -cf - . | tar -C "$dir/usr/local/rustup/toolchains/$tc" -xf -
    # share/ held the rust-docs component only in part and the docs wholly:
    # drop rust-docs from rustup's records so they match what is there.
    local rl="$dir/usr/local/rustup/toolchains/$tc/lib/rustlib"
    if [ -f "$rl/components" ]; then
        sed -i '/^rust-docs-/d' "$rl/components"
        rm -f "$rl"/manifest-rust-docs-*
        [ -f "$rl/multirust-config.toml" ] && awk 'BEGIN { RS = ""; ORS = "\n\n" } !/pkg = "rust-docs"/' \
            "$rl/multirust-config.toml" >"$rl/m.tmp" && mv "$rl/m.tmp" "$rl/multirust-config.toml"
    fi
    printf 'version = "12"\ndefault_toolchain = "%s"\nprofile = "minimal"\nauto_self_update = "disable"\n\n[overrides]\n' \
        "$tc" >"$dir/usr/local/rustup/settings.toml"

    local rustup_bin
    rustup_bin=$(command -v rustup 2>/dev/null || echo "$HOME/.cargo/bin/rustup")
    [ -x "$rustup_bin" ] || die "rustup not found on the host"
    install -m 0755 "$(readlink -f "$rustup_bin")" "$dir/usr/local/cargo/bin/rustup"
    local b
    for b in "$dir/usr/local/rustup/toolchains/$tc/bin/"*; do
        ln -sf rustup "$dir/usr/local/cargo/bin/$(basename "$b")"
    done
    install -m 0755 "$CHEF_BIN" "$dir/usr/local/cargo/bin/cargo-chef"
    chmod -R a+w "$dir/usr/local/rustup" "$dir/usr/local/cargo"

    import_dir "$dir" "$tag" "$lv" \
        'ENV RUSTUP_HOME=/usr/local/rustup' \
        'ENV CARGO_HOME=/usr/local/cargo' \
        'ENV PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        "ENV RUST_VERSION=$RUST_VERSION" \
        'CMD ["bash"]'
}

# --- build ------------------------------------------------------------------
if [ ${#runtime_tags[@]} -gt 0 ]; then
    ensure runtime "runtime-$SUITE-$IMAGES_VERSION" build_runtime "${runtime_tags[@]}"
fi
if [ ${#chef_tags[@]} -gt 0 ]; then
    need_toolchain
    ensure chef "chef-$SUITE-$RUST_VERSION-$IMAGES_VERSION" build_chef "${chef_tags[@]}"
fi

# --- verify -----------------------------------------------------------------
if [ "$verify" = 1 ]; then
    run() { "$DOCKER" run --rm --network=host "$@"; }
    for DOCKER in "${dockers[@]}"; do
        say "verify in $DOCKER"
        if [ ${#runtime_tags[@]} -gt 0 ]; then
            t=${runtime_tags[0]}
            out=$(run "$t" /bin/sh -c 'echo sh-ok; grep -rhs "^deb " /etc/apt/sources.list /etc/apt/sources.list.d | wc -l') \
                || die "runtime $t: /bin/sh does not run"
            [ "$(echo "$out" | tail -n1)" -gt 0 ] || die "runtime $t: no apt sources"
            say "verify $t: /bin/sh ok, $(echo "$out" | tail -n1) apt source lines"
            if [[ " ${built_now[*]:-} " == *" runtime "* ]]; then
                run "$t" apt-get update -qq >&2 || die "runtime $t: apt-get update failed"
                say "verify $t: apt-get update ok (--network=host)"
            fi
        fi
        if [ ${#chef_tags[@]} -gt 0 ]; then
            for t in "${chef_tags[@]}"; do
                out=$(run "$t" sh -c 'cargo --version && cargo chef --version && rustc --version') \
                    || die "chef $t: cargo / cargo chef / rustc do not run"
                say "verify $t: $(echo "$out" | paste -sd '|' | sed 's/|/ | /g')"
            done
            t=${chef_tags[0]}
            out=$(run "$t" sh -c 'rustup default && rustup target list --installed') \
                || die "chef $t: rustup does not resolve its default toolchain"
            say "verify $t: rustup $(echo "$out" | paste -sd ' ')"
            out=$(run "$t" sh -c 'cd /tmp && cargo new --quiet --vcs none hello && cd hello \
                  && cargo build --quiet --release && ./target/release/hello') \
                || die "chef $t: a tiny crate does not build"
            [ "$out" = "Hello, world!" ] || die "chef $t: tiny crate printed '$out'"
            say "verify $t: cargo new + cargo build --release ok ($out)"
            if [[ " ${built_now[*]:-} " == *" chef "* ]]; then
                # Fresh image: also fetch a crate from the registry (network, TLS trust).
                out=$(run "$t" sh -c 'cd /tmp && cargo new --quiet --vcs none dep && cd dep \
                      && echo "itoa = \"1\"" >>Cargo.toml && cargo build --quiet --release \
                      && ./target/release/dep') \
                    || die "chef $t: a crate with a registry dependency does not build (network? CA trust?)"
                say "verify $t: crate with a registry dependency builds (--network=host)"
            fi
        fi
    done
fi

for t in "${runtime_tags[@]}" "${chef_tags[@]}"; do
    for d in "${dockers[@]}"; do
        say "$(printf '%-60s %s' "$t" "$("$d" image inspect -f '{{.Id}} {{.Size}}' "$t" \
            | awk '{printf "%s %.0f MB", substr($1, 8, 12), $2 / 1e6}') in $d")"
    done
done

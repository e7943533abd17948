#!/usr/bin/env bash
# scripts/cross-images.sh — the base images of the multi-platform tests, built offline: a runtime
# base for several platforms under one tag, and a builder that cross-compiles Rust for them.
#
# Usage: scripts/cross-images.sh --docker CLIENT [--platform P]... [--runtime TAG] [--chef TAG] [--no-verify]
#
#   --docker CLIENT  the engine's client; the engine must use the containerd image store (one
#                    tag holding several platforms is a manifest list, which the classic store
#                    cannot keep).
#   --platform P     linux/amd64, linux/arm64 (default: both). Building for a foreign one runs
#                    its binaries under qemu (binfmt_misc: scripts/engine.sh registers it).
#   --runtime TAG    Debian minbase of RUSTDOCK_SUITE for every platform, as base-images.sh
#                    makes it for one (default debian:trixie-slim).
#   --chef TAG       the builder, for the build platform: minbase + gcc, libc6-dev,
#                    ca-certificates and wget (what rust:*-slim adds), Debian's own rustc and
#                    cargo, Debian's standard library (libstd-rust-dev) for every platform's
#                    architecture, and cargo-chef (default rustdock-test/debian-rust:X.Y-SUITE).
#                    It differs from the official images in one way: the Rust toolchain is
#                    Debian's, with no rustup, because rustup's servers are not reachable here
#                    and a Debian release is the one offline source of an arm64 standard library
#                    for the same rustc (libstd-rust-dev is Multi-Arch: same). The Dockerfiles
#                    rustdock writes add a target with rustup only when the builder lacks it.
#   --no-verify      skip the checks (a crate cross-compiled for each platform and run).
#
# Environment: RUSTDOCK_SUITE (default trixie: the first Debian release whose rustc, 1.85, builds
# today's crates), RUSTDOCK_CACHE, RUSTDOCK_HOST_CA, TMPDIR, as base-images.sh.
set -euo pipefail

export DOCKER_BUILDKIT=1
SUITE=${RUSTDOCK_SUITE:-trixie}
CACHE=${RUSTDOCK_CACHE:-/var/cache/rustdock}
LABEL=io.rustdock.base
IMAGES_VERSION=1 # bumped when what the images hold changes

say() { echo "cross-images: $*" >&2; }
die() { echo "cross-images: error: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; }

platforms=() runtime_tag="" chef_tag="" verify=1 dockers=()
while [ $# -gt 0 ]; do
    case "$1" in
        --docker) [ $# -ge 2 ] || die "--docker needs a CLIENT"; dockers=("$2"); shift 2 ;;
        --platform) [ $# -ge 2 ] || die "--platform needs a platform"; platforms+=("$2"); shift 2 ;;
        --runtime) [ $# -ge 2 ] || die "--runtime needs a TAG"; runtime_tag=$2; shift 2 ;;
        --chef) [ $# -ge 2 ] || die "--chef needs a TAG"; chef_tag=$2; shift 2 ;;
        --no-verify) verify=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage; die "unknown argument: $1" ;;
    esac
done
[ ${#platforms[@]} -gt 0 ] || platforms=(linux/amd64 linux/arm64)
[ ${#dockers[@]} -eq 1 ] || die "--docker CLIENT is required"
DOCKER=${dockers[0]}
[ "$(id -u)" = 0 ] || die "must run as root (mmdebstrap, docker)"
"$DOCKER" info >/dev/null 2>&1 || die "no engine answers $DOCKER: run scripts/engine.sh first"
[ "$("$DOCKER" info --format '{{.Driver}}')" = overlayfs ] \
    || die "$DOCKER: the engine must use the containerd image store (engines.txt: containerd-store)"
. "$(dirname "$0")/images-lib.sh"

arches=()
for p in "${platforms[@]}"; do
    case "$p" in linux/amd64 | linux/arm64) arches+=("${p#linux/}") ;; *) die "unknown platform $p" ;; esac
done
build_arch=$(dpkg --print-architecture)
runtime_tag=${runtime_tag:-debian:$SUITE-slim}
chef_tag=${chef_tag:-rustdock-test/debian-rust:$SUITE}

# build_runtime TAG LABELVALUE: one minbase root file system per platform, one tag for all.
build_runtime() {
    local tag=$1 lv=$2 arch context
    workdir
    context="$WORK/runtime"
    mkdir -p "$context"
    for arch in "${arches[@]}"; do
        rootfs "$WORK/rootfs-$arch" 0 --arch="$arch"
        tar --numeric-owner --xattrs -C "$WORK/rootfs-$arch" -cf "$context/rootfs-$arch.tar" .
        rm -rf "$WORK/rootfs-$arch"
    done
    # ADD unpacks a local tar: each platform's image is its own root file system, nothing else.
    printf '%s\n' 'FROM scratch' 'ARG TARGETARCH' 'ADD rootfs-${TARGETARCH}.tar /' \
        "LABEL $LABEL=$lv" 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        'CMD ["bash"]' >"$context/Dockerfile"
    say "docker buildx build --platform ${platforms[*]} -> $tag"
    (IFS=,; "$DOCKER" buildx build --quiet --platform "${platforms[*]}" --load -t "$tag" "$context" >/dev/null) \
        || die "building $tag failed"
    rm -rf "$context"
}

# build_chef TAG LABELVALUE: Debian's Rust for the build platform, its std for every platform.
build_chef() {
    local tag=$1 lv=$2 dir version std=() arch
    cargo_chef_bin
    workdir
    dir="$WORK/chef"
    local foreign=()
    for arch in "${arches[@]}"; do
        std+=("libstd-rust-dev:$arch")
        [ "$arch" = "$build_arch" ] || foreign+=("$arch")
    done
    rootfs "$dir" 1 --architectures="$(IFS=,; echo "$build_arch${foreign[*]:+,${foreign[*]}}")" \
        --include="gcc,libc6-dev,ca-certificates,wget,rustc,cargo,$(IFS=,; echo "${std[*]}")"
    version=$(dpkg-query --admindir="$dir/var/lib/dpkg" -W -f '${Version}' rustc | sed 's/[+~-].*//')
    mkdir -p "$dir/usr/local/cargo/bin"
    install -m 0755 "$CHEF_BIN" "$dir/usr/local/cargo/bin/cargo-chef"
    chmod -R a+w "$dir/usr/local/cargo"
    import_dir "$dir" "$tag" "$lv" \
        'ENV CARGO_HOME=/usr/local/cargo' \
        'ENV PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        "ENV RUST_VERSION=$version" \
        'CMD ["bash"]'
}

ensure runtime "runtime-$SUITE-$(IFS=-; echo "${arches[*]}")-$IMAGES_VERSION" build_runtime "$runtime_tag"
ensure chef "debian-rust-$SUITE-$(IFS=-; echo "${arches[*]}")-$IMAGES_VERSION" build_chef "$chef_tag"

if [ "$verify" = 1 ]; then
    for p in "${platforms[@]}"; do
        out=$("$DOCKER" run --rm --platform "$p" "$runtime_tag" sh -c 'dpkg --print-architecture') \
            || die "runtime $runtime_tag ($p) does not run"
        say "verify $runtime_tag on $p: dpkg architecture $out"
    done
    for arch in "${arches[@]}"; do
        case "$arch" in amd64) triple=x86_64-unknown-linux-gnu ;; arm64) triple=aarch64-unknown-linux-gnu ;; esac
        out=$("$DOCKER" run --rm "$chef_tag" sh -c "rustc --version && ls \"\$(rustc --print target-libdir --target $triple)\" | grep -c '^libstd-'") \
            || die "chef $chef_tag: no standard library for $triple"
        say "verify $chef_tag: $(echo "$out" | paste -sd ' '), std for $triple"
    done
fi
for t in "$runtime_tag" "$chef_tag"; do
    say "$(printf '%-50s %s' "$t" "$("$DOCKER" image inspect -f '{{.Id}}' "$t" | cut -c8-19)")"
done

# scripts/images-lib.sh — sourced by base-images.sh and cross-images.sh: Debian root file systems
# made offline with mmdebstrap, like the official slim images, imported into engines; images
# labelled by what made them, copied between engines, reused. The caller sets SUITE, CACHE, LABEL,
# dockers (the engines' clients), DOCKER (the first) and the say/die functions.

. "$(dirname "${BASH_SOURCE[0]}")/apt-mirror.sh"

# --- host toolchain ---------------------------------------------------------
host_rustc() {
    local rustc=rustc
    command -v rustc >/dev/null 2>&1 || rustc="$HOME/.cargo/bin/rustc"
    if [ -n "${RUSTDOCK_TOOLCHAIN:-}" ]; then "$rustc" "+$RUSTDOCK_TOOLCHAIN" "$@"; else "$rustc" "$@"; fi
}
host_cargo() {
    local cargo=cargo
    command -v cargo >/dev/null 2>&1 || cargo="$HOME/.cargo/bin/cargo"
    if [ -n "${RUSTDOCK_TOOLCHAIN:-}" ]; then "$cargo" "+$RUSTDOCK_TOOLCHAIN" "$@"; else "$cargo" "$@"; fi
}
HOST_TRIPLE=""
need_toolchain() {
    [ -n "${HOST_TRIPLE:-}" ] && return 0
    RUST_VERSION=$(host_rustc -vV 2>/dev/null | awk '$1 == "release:" {print $2}') \
        || true
    [ -n "$RUST_VERSION" ] || die "no host Rust toolchain (rustc -vV failed)"
    HOST_TRIPLE=$(host_rustc -vV | awk '$1 == "host:" {print $2}')
    SYSROOT=$(readlink -f "$(host_rustc --print sysroot)")
    RUST_XY=${RUST_VERSION%.*}
}

# --- images and root file systems ---------------------------------------------
# base CLIENT IMAGE LABELVALUE: IMAGE is the base image this version of the script made. Every
# image built FROM it inherits the label; the base images are one layer each (docker import, or
# ADD of a root file system onto scratch), what is built on them has more.
base() {
    [ "$("$1" image inspect -f "{{index .Config.Labels \"$LABEL\"}} {{len .RootFS.Layers}}" "$2" 2>/dev/null)" = "$3 1" ]
}

# current CLIENT TAG LABELVALUE: the tag names that base image, not one built on it.
current() { base "$@"; }

WORK=""
cleanup() {
    [ -n "$WORK" ] && [ -d "$WORK" ] || return 0
    if grep -q " $WORK/" /proc/self/mounts; then
        say "warning: mounts left under $WORK; not deleting it"
        return 0
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
workdir() {
    [ -n "$WORK" ] || WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/rustdock-base.XXXXXX")
}

mirror_args() { # fills MIRRORS with one-line apt entries for SUITE
    mapfile -t MIRRORS < <(mirror_lines "$SUITE")
    [ ${#MIRRORS[@]} -gt 0 ] || die "no Debian entry in this machine's apt sources (/etc/apt/sources.list*)"
}

# Like debian:*-slim: no docs, man pages or translations.
SLIM_OPTS=(
    --dpkgopt='path-exclude=/usr/share/man/*'
    --dpkgopt='path-exclude=/usr/share/info/*'
    --dpkgopt='path-exclude=/usr/share/locale/*'
    --dpkgopt='path-include=/usr/share/locale/locale.alias'
    --dpkgopt='path-exclude=/usr/share/doc/*'
    --dpkgopt='path-include=/usr/share/doc/*/copyright'
    --dpkgopt='path-exclude=/usr/share/lintian/*'
)

MMDEB_HOOKS=/usr/share/mmdebstrap/hooks

# Extra CAs this machine trusts (e.g. for a TLS-intercepting egress proxy in
# front of the crate registry): without them cargo inside a build cannot fetch crates.
# Copied into /usr/local/share/ca-certificates of both images (and into the
# chef image's bundle); RUSTDOCK_HOST_CA=0 turns this off.
host_ca_hooks() { # host_ca_hooks UPDATE(0|1): fills CA_HOOKS
    CA_HOOKS=()
    [ "${RUSTDOCK_HOST_CA:-1}" = 1 ] || return 0
    local certs=() c
    for c in /usr/local/share/ca-certificates/*.crt /usr/local/share/ca-certificates/*/*.crt; do
        [ -f "$c" ] && certs+=("$c")
    done
    [ ${#certs[@]} -gt 0 ] || return 0
    say "adding ${#certs[@]} local CA certificate(s) from /usr/local/share/ca-certificates"
    # shellcheck disable=SC2016  # "$1" is expanded by mmdebstrap's hook shell
    CA_HOOKS=(--customize-hook='mkdir -p "$1/usr/local/share/ca-certificates"'
              --customize-hook="copy-in ${certs[*]} /usr/local/share/ca-certificates/")
    # shellcheck disable=SC2016
    [ "$1" = 1 ] && CA_HOOKS+=(--customize-hook='chroot "$1" update-ca-certificates >/dev/null')
    return 0
}

# rootfs DIR UPDATE_CA [--include=...]: Debian minbase into DIR.
rootfs() {
    local dir=$1; host_ca_hooks "$2"; shift 2
    mirror_args
    say "mmdebstrap --variant=minbase $SUITE${*:+ $*} (mirror from apt sources)"
    # merged-usr hook: set up merged /usr directly (as bookworm's own images
    # are), instead of pulling the usrmerge package and all of perl (~50 MB).
    local hooks=()
    [ -d "$MMDEB_HOOKS/merged-usr" ] && hooks=(--hook-dir="$MMDEB_HOOKS/merged-usr")
    mmdebstrap --quiet --mode=root --variant=minbase --format=directory \
        "${hooks[@]}" "${SLIM_OPTS[@]}" "${CA_HOOKS[@]}" "$@" "$SUITE" "$dir" "${MIRRORS[@]}" >&2 \
        || die "mmdebstrap failed"
    grep -q " $dir/" /proc/self/mounts && die "mmdebstrap left mounts under $dir"
    rm -rf "$dir"/var/cache/apt/*.bin "$dir"/var/lib/apt/lists/* "$dir"/tmp/*
    docker_apt_config "$dir"
    return 0
}

# The apt and dpkg settings the official debian images carry (debuerreotype's
# docker tweaks). docker-clean matters most: it deletes downloaded .debs after
# every install, so a Dockerfile that keeps /var/cache/apt in a cache mount must
# remove it, and the test images must hold it for the tests to prove that.
docker_apt_config() {
    local dir=$1 clean='"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true";'
    printf 'DPkg::Post-Invoke { %s };\nAPT::Update::Post-Invoke { %s };\n\nDir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n' \
        "$clean" "$clean" >"$dir/etc/apt/apt.conf.d/docker-clean"
    echo 'Acquire::Languages "none";' >"$dir/etc/apt/apt.conf.d/docker-no-languages"
    printf 'Acquire::GzipIndexes "true";\nAcquire::CompressionTypes::Order:: "gz";\n' \
        >"$dir/etc/apt/apt.conf.d/docker-gzip-indexes"
    echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$dir/etc/apt/apt.conf.d/docker-autoremove-suggests"
    echo 'force-unsafe-io' >"$dir/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
}

# import DIR TAG LABELVALUE [docker import -c CHANGE]...: tar DIR into an image.
import_dir() {
    local dir=$1 tag=$2 lv=$3; shift 3
    local changes=() c
    for c in "$@"; do changes+=(-c "$c"); done
    say "docker import -> $tag"
    tar --numeric-owner --xattrs -C "$dir" -cf - . \
        | "$DOCKER" import "${changes[@]}" -c "LABEL $LABEL=$lv" - "$tag" >/dev/null \
        || die "docker import $tag failed"
    rm -rf "$dir"
}

# labelled CLIENT LABELVALUE: the id of the base image made with LABELVALUE in CLIENT's engine, if
# any; the label alone would also find the tests' and the benchmark's images built on it.
labelled() {
    local id
    for id in $("$1" images -q --no-trunc --filter "label=$LABEL=$2"); do
        if base "$1" "$id" "$2"; then
            echo "$id"
            return
        fi
    done
}

# ensure GROUP LABELVALUE BUILDER TAG...: in every engine, reuse the image (under any tag),
# else copy it from an engine that has it, else build it; then tag every TAG.
built_now=()
ensure() {
    local group=$1 lv=$2 builder=$3; shift 3
    local d tag source="" id missing t0
    for d in "${dockers[@]}"; do
        if [ -n "$(labelled "$d" "$lv")" ]; then source=$d; break; fi
    done
    if [ -z "$source" ]; then
        t0=$SECONDS
        "$builder" "$1" "$lv"
        say "$group: built $1 in $((SECONDS - t0)) s"
        source=$DOCKER
        built_now+=("$group")
    fi
    id=$(labelled "$source" "$lv")
    for d in "${dockers[@]}"; do
        if [ -z "$(labelled "$d" "$lv")" ]; then
            t0=$SECONDS
            "$source" save "$id" | "$d" load -q >/dev/null || die "$group: copying to $d failed"
            say "$group: copied to $d in $((SECONDS - t0)) s"
        fi
        missing=()
        for tag in "$@"; do current "$d" "$tag" "$lv" || missing+=("$tag"); done
        if [ ${#missing[@]} -eq 0 ]; then
            [[ " ${built_now[*]:-} " == *" $group "* ]] || say "$group: $* already present in $d"
            continue
        fi
        id=$(labelled "$d" "$lv")
        for tag in "${missing[@]}"; do "$d" tag "$id" "$tag"; done
        say "$group: tagged ${missing[*]} in $d"
    done
}

# cargo-chef, installed once on the host and reused.
cargo_chef_bin() {
    local root="$CACHE/cargo-chef" bin="$CACHE/cargo-chef/bin/cargo-chef"
    if [ -x "$bin" ] && "$bin" chef --version >/dev/null 2>&1; then
        say "cargo-chef: reusing $bin ($("$bin" chef --version))"
    else
        workdir
        local ver=() t0=$SECONDS
        [ -n "${RUSTDOCK_CARGO_CHEF_VERSION:-}" ] && ver=(--version "$RUSTDOCK_CARGO_CHEF_VERSION")
        say "cargo-chef: cargo install cargo-chef --locked ${ver[*]:-} --root $root (once)"
        mkdir -p "$root"
        CARGO_TARGET_DIR="$WORK/cargo-chef-target" \
            host_cargo install cargo-chef --locked "${ver[@]}" --root "$root" --force >&2 \
            || die "cargo install cargo-chef failed"
        rm -rf "$WORK/cargo-chef-target"
        say "cargo-chef: installed in $((SECONDS - t0)) s"
    fi
    CHEF_BIN=$bin
}

"""Images for several platforms: the builder runs natively on $BUILDPLATFORM and cross-compiles
for each $TARGETPLATFORM.

BuildKit builds the Dockerfile once per platform. A stage per platform (`rust-linux-arm64`), FROM
the builder image on the build platform, sets the Rust target and the C cross toolchain of that
platform; the chef stage is FROM `rust-${TARGETOS}-${TARGETARCH}`, so every later stage sees the
target of the platform being built. A builder of another architecture gets Debian's cross C
toolchain; on its own architecture Debian's gcc already answers to the triplet name.
"""

from __future__ import annotations

from dataclasses import dataclass

from rustdock.errors import RustdockError

TARGET_VARIABLE = "RUSTDOCK_TARGET"  # the Rust target triple, set by each platform's stage
TRIPLET_VARIABLE = "RUSTDOCK_TRIPLET"  # the target's Debian multiarch triplet, set by each platform's stage
CHEF_FROM = "rust-${TARGETOS}-${TARGETARCH}"
PER_PLATFORM_ARG = "TARGETARCH"  # declared in the stages whose cache ids carry it


@dataclass(frozen=True)
class Platform:
    name: str  # as --platform and bake write it
    arch: str  # BuildKit's TARGETARCH / BUILDARCH
    gnu: str  # the Rust target for glibc
    musl: str  # the Rust target for musl
    triplet: str  # Debian's GNU triplet: the prefix of its (cross) gcc
    cross: tuple[str, ...]  # Debian packages of that cross C toolchain, for a builder of another architecture
    cross_cxx: str  # and of its C++ compiler


PLATFORMS = (
    # rustc --print target-list; Debian: gcc-x86-64-linux-gnu and libc6-dev-amd64-cross (cross-toolchain-base)
    Platform("linux/amd64", "amd64", "x86_64-unknown-linux-gnu", "x86_64-unknown-linux-musl", "x86_64-linux-gnu",
             ("gcc-x86-64-linux-gnu", "libc6-dev-amd64-cross"), "g++-x86-64-linux-gnu"),
    # rustc --print target-list; Debian: gcc-aarch64-linux-gnu and libc6-dev-arm64-cross (bookworm 12.2, trixie 14.2)
    Platform("linux/arm64", "arm64", "aarch64-unknown-linux-gnu", "aarch64-unknown-linux-musl", "aarch64-linux-gnu",
             ("gcc-aarch64-linux-gnu", "libc6-dev-arm64-cross"), "g++-aarch64-linux-gnu"),
)


@dataclass(frozen=True)
class PlatformStage:
    """The stage that sets one platform's Rust target and C cross toolchain."""

    platform: str
    stage: str  # rust-linux-arm64
    arch: str
    triple: str
    env: tuple[tuple[str, str], ...]  # the target, and the cross linker and C compilers cargo and cc read
    cross: tuple[str, ...]  # installed when the builder's architecture is another


def platform_stages(platforms: tuple[str, ...], musl: bool, cxx: bool, pkg_config: bool = False) -> tuple[PlatformStage, ...]:
    """One stage per platform; `musl` for the static musl flavors, `cxx` when the build compiles C++,
    `pkg_config` when build scripts ask pkg-config for the target's libraries."""
    stages = []
    for name in platforms:
        platform = next((p for p in PLATFORMS if p.name == name), None)
        if platform is None:
            raise RustdockError(f"platforms: rustdock knows no Rust target for {name!r}")
        triple = platform.musl if musl else platform.gnu
        snake = triple.replace("-", "_")
        env = (
            (TARGET_VARIABLE, triple),
            (TRIPLET_VARIABLE, platform.triplet),
            (f"CARGO_TARGET_{snake.upper()}_LINKER", f"{platform.triplet}-gcc"),
            (f"CC_{snake}", f"{platform.triplet}-gcc"),
            (f"AR_{snake}", f"{platform.triplet}-ar"),
        )
        if cxx:
            env += ((f"CXX_{snake}", f"{platform.triplet}-g++"),)
        if pkg_config:
            # The pkg-config crate reads both per target (its `targeted_env_var`): the target's .pc
            # files, from Debian's multiarch -dev packages, and leave to cross-compile with them.
            env += ((f"PKG_CONFIG_ALLOW_CROSS_{snake}", "1"),
                    (f"PKG_CONFIG_LIBDIR_{snake}", f"/usr/lib/{platform.triplet}/pkgconfig:/usr/share/pkgconfig"))
        cross = platform.cross + ((platform.cross_cxx,) if cxx else ())
        stages.append(PlatformStage(name, f"rust-{name.replace('/', '-')}", platform.arch, triple, env, cross))
    return tuple(stages)

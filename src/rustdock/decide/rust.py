"""Which Rust the build uses: the builder image's version, a toolchain channel to install in the
chef stage, and the rustflags of a static glibc build."""

from __future__ import annotations

import re

from rustdock.decide.environment import EnvVar
from rustdock.errors import RustdockError
from rustdock.read.cargo import Project
from rustdock.settings.config import VERSION, Config

DEFAULT_RUST_VERSION = "1"
CRT_STATIC = "-C target-feature=+crt-static"
RUSTFLAG = re.compile(r"\A[A-Za-z0-9_+=,.:/@%-]+\Z")  # one word an ENV line can carry as it is
# Channels rustup installs by name; a toolchain file naming one gets it installed in the chef stage.
CHANNEL = re.compile(r"\A(?:stable|beta|nightly)(?:-[0-9]{4}-[0-9]{2}-[0-9]{2})?\Z|\A[0-9]+\.[0-9]+\.[0-9]+-beta\.[0-9]+\Z")


def choose_rust_version(project: Project, config: Config) -> tuple[str, str]:
    """toolchain file > rust-version > configured > default; one version for every stage."""
    channel = project.toolchain_channel
    if channel is not None and VERSION.match(channel):
        return channel, "rust-toolchain file"
    declared = [p.rust_version for p in project.packages if p.rust_version]
    for version in declared:
        if not VERSION.match(version):
            raise RustdockError(f"rust-version {version!r} is not a version like 1.80 or 1.80.1")
    if declared:
        newest = max(declared, key=lambda v: tuple(int(x) for x in v.split(".")))
        return newest, "rust-version in Cargo.toml"
    if config.rust_version:
        return config.rust_version, "rustdock config"
    return DEFAULT_RUST_VERSION, "default"


def static_rustflags(project: Project, config: Config, target: str) -> EnvVar:
    """RUSTFLAGS for a static glibc binary. Cargo lets RUSTFLAGS replace every rustflags of
    .cargo/config.toml, so the project's own (a linker choice, say) are passed along."""
    from rustdock.knowledge.linkers import DEFAULT_PATH, rustflags  # static flavors only: `rustdock check` starts faster

    own = rustflags(project.cargo_config, target, project.cargo_config_path or DEFAULT_PATH)
    unsafe = next((flag for flag in own if not RUSTFLAG.match(flag)), None)
    if unsafe is not None:
        raise RustdockError(
            f"{project.cargo_config_path}: rustflag {unsafe!r} cannot be passed on through RUSTFLAGS, "
            f"which runtime = {config.runtime!r} sets"
        )
    reason = f"runtime = {config.runtime!r}: a static glibc binary"
    if own:
        reason += ", with the rustflags of .cargo/config.toml, which RUSTFLAGS would replace"
    return EnvVar("RUSTFLAGS", " ".join((*own, CRT_STATIC)), reason)


def rustup_install(project: Project, targets: tuple[str, ...]) -> tuple[str, ...]:
    """A toolchain file that names a channel, not a version: install it once, in the chef stage.

    The official images hold one toolchain, named by its version. Any other channel (`nightly-…`,
    `beta`, even `stable`) would make rustup download it in every stage that runs cargo, or fail
    where it cannot.
    """
    toolchain = project.toolchain
    if toolchain is None or toolchain.channel is None or VERSION.match(toolchain.channel):
        return ()
    if not CHANNEL.match(toolchain.channel):
        raise RustdockError(
            f"rust-toolchain file: channel {toolchain.channel!r} is neither a version nor a channel rustup "
            "installs by name (stable, beta, nightly, nightly-YYYY-MM-DD)"
        )
    args = ["toolchain", "install", toolchain.channel, "--profile", toolchain.profile or "minimal"]
    if toolchain.components:
        args += ["--component", ",".join(toolchain.components)]
    for target in dict.fromkeys(toolchain.targets + targets):
        args += ["--target", target]
    return tuple(args)

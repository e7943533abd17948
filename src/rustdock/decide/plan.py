"""Decide everything about the Dockerfile in code, once, into an immutable BuildPlan.

Templates only print what the plan says. Two invariants are made true here, by construction:
`cargo chef cook` and `cargo build` receive the same tuple of flags (`BuildPlan.cargo_flags`),
and binaries are copied out of the target cache mount to `OUT_DIR`, which lies under no mount,
so the runtime stages never copy from a cache-mounted path.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from rustdock.decide.binaries import (BinaryChoice, ImageTarget, choose_binaries, image_targets, project_name,
                                      refuse_duplicate_names)
from rustdock.decide.caches import DEPS, DEPS_DIR, CacheMount, DepsChoice, SourceRecord, cargo_caches
from rustdock.decide.closure import compiled_crates
from rustdock.decide.environment import EnvVar
from rustdock.decide.platforms import (CHEF_FROM, PER_PLATFORM_ARG, TARGET_VARIABLE, TRIPLET_VARIABLE,
                                       PlatformStage, platform_stages)
from rustdock.decide.rust import choose_rust_version, rustup_install, static_rustflags
from rustdock.decide.sources import FetchAccess, decide_access
from rustdock.decide.system import SystemPlan, decide_system
from rustdock.errors import RustdockError
from rustdock.read.cargo import Project
from rustdock.read.registry_index import RegistryIndex, cargo_home
from rustdock.settings.config import Config

OUT_DIR = "/out"
BAKE_FILE = "docker-bake.hcl"
HOST_TRIPLE = "x86_64-unknown-linux-gnu"
# Kept out of the build context: the host's target/ above all (a stale binary could be
# copied from it), then VCS and editor or OS junk that only busts the layer cache.
DOCKERIGNORE = ("target/", ".git/", ".idea/", ".vscode/", "*.swp", "*~", ".DS_Store", "Thumbs.db")


@dataclass(frozen=True)
class Flavor:
    """What a runtime flavor implies: base image, default user, and how binaries must link."""

    image: str
    user: str
    static_target: str | None  # None: link dynamically against the builder's glibc
    certificates: bool  # the image lacks a CA bundle: the builder's is copied in where a crate needs it


FLAVORS = {
    "debian-slim": Flavor("debian:bookworm-slim", "10001:10001", None, True),
    "distroless": Flavor("gcr.io/distroless/cc-debian12:nonroot", "65532:65532", None, False),
    "scratch": Flavor("scratch", "10001:10001", HOST_TRIPLE, True),
    "alpine": Flavor("alpine:3.22", "10001:10001", "x86_64-unknown-linux-musl", False),
}


@dataclass(frozen=True)
class BakePlan:
    """docker-bake.hcl: one target per image, the `default` group builds them all."""

    file: str
    platforms: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class BuildPlan:
    project: str
    chef_image: str
    chef_from: str  # what the chef stage is FROM: the builder image, or the platform's stage
    platforms: tuple[PlatformStage, ...]  # one stage each, when building for several platforms
    per_platform_args: tuple[str, ...]  # ARGs the cook and build stages declare for their cache ids
    library_architecture: str | None  # `$TARGETARCH`: a cross build installs the target's libraries (multiarch)
    runtime_image: str
    runtime: str
    rust_version: str
    rust_version_source: str
    workdir: str
    toolchain_install: tuple[str, ...]  # `rustup` arguments that install the toolchain file's channel, if needed
    build_env: tuple[EnvVar, ...]  # for every builder stage: cook and build see the same
    rustup_targets: tuple[str, ...]
    cargo_flags: tuple[str, ...]
    cook_mounts: tuple[CacheMount, ...]
    deps_dir: str  # where cook copies what it compiled and downloaded, in its layer
    cooked: tuple[tuple[str, str], ...]  # (cache-mounted dir, its copy under deps_dir)
    build_mounts: tuple[CacheMount, ...]
    deps: DepsChoice  # what the builder is FROM: cook's layer, or nothing (`--build-arg`)
    sources: SourceRecord  # content decides what is stale in the shared target cache (caches.py)
    out_dir: str
    binaries: tuple[BinaryChoice, ...]
    images: tuple[ImageTarget, ...]  # the primary binary's image last, so it is the default
    user: str
    certificates: bool  # copy the builder's CA bundle into the runtime image (system.certificates says why)
    syntax: bool
    locked: bool
    dockerignore: tuple[str, ...]
    system: SystemPlan  # system packages, environment, files and ports around the Rust build
    access: FetchAccess  # registry tokens and ssh for the RUNs that fetch dependencies
    bake: BakePlan | None  # None: no docker-bake.hcl

    @property
    def primary(self) -> ImageTarget:
        return self.images[-1]

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"primary": self.primary.binary}


def make_plan(project: Project, config: Config) -> BuildPlan:
    """Every decision about the Dockerfile, made from what Cargo says and what the user set."""
    flavor = FLAVORS[config.runtime]
    user = config.user or flavor.user
    if config.runtime == "scratch" and not re.match(r"\A[0-9]+(:[0-9]+)?\Z", user):
        raise RustdockError(f"user {user!r}: a scratch image has no /etc/passwd; give a numeric uid[:gid]")
    rust_version, rust_version_source = choose_rust_version(project, config)
    choices = choose_binaries(project, config)
    selected = [c for c in choices if c.selected]
    if not selected:
        raise RustdockError(
            "no binary to build: the project has no selected bin target "
            "(add src/main.rs or src/bin/*.rs, or name binaries in `bins`)"
        )
    refuse_duplicate_names(selected)

    # .cargo/config.toml's build.target and build.target-dir move cargo's output. They are
    # passed as flags too: cargo-chef removes the dummy crates it compiled only from the
    # target dir and triple its own flags name.
    target = config.target or flavor.static_target or project.build_target
    if config.platforms:
        if config.target or project.build_target:
            raise RustdockError("`platforms` chooses the target of each platform: drop `target` (or build.target "
                                "in .cargo/config.toml)")
        first = platform_stages(config.platforms[:1], musl=_musl(flavor.static_target), cxx=False)[0]
        triple, target = first.triple, f'"${TARGET_VARIABLE}"'  # each platform's stage sets it
    else:
        triple = target or HOST_TRIPLE
    static_env: tuple[EnvVar, ...] = ()
    if flavor.static_target and "-gnu" in triple:
        static_env = (static_rustflags(project, config, triple),)
    rustup_targets = (target,) if target and target != HOST_TRIPLE and not config.platforms else ()
    toolchain_install = rustup_install(project, rustup_targets)
    if toolchain_install:
        rustup_targets = ()  # installed with the toolchain, for the toolchain

    workdir = config.workdir.rstrip("/")
    if not workdir:
        # The build copies the project there and hashes what it copied (caches.source_record).
        raise RustdockError("workdir = \"/\": the build needs a directory of its own, such as \"/app\"")
    target_dir = project.target_dir if project.target_dir.startswith("/") else f"{workdir}/{project.target_dir}"
    moved = project.target_dir if project.target_dir != "target" else None
    cargo_flags = _cargo_flags(project, config, choices, target, moved)
    artifact_dir = "/".join([project.target_dir, *([target] if target else []), _profile_dir(config.profile)])
    name = project_name(project, selected)
    caches = cargo_caches(config.cache_id or name, target_dir, workdir,
                          f"${{{PER_PLATFORM_ARG}}}" if config.platforms else None)
    chef_image = config.chef_image or f"lukemathwalker/cargo-chef:latest-rust-{rust_version}-slim-bookworm"
    runtime_image = config.runtime_image or flavor.image
    packages = list(dict.fromkeys(c.package for c in selected))
    closure = compiled_crates(project, packages, config, triple, RegistryIndex(cargo_home()))
    access = decide_access(project, closure, config, packages)
    system = decide_system(
        project, config, closure, packages=packages, triple=triple,
        static=flavor.static_target is not None, runtime_image=runtime_image, chef_image=chef_image,
        runtime=config.runtime, certificates=flavor.certificates, rust_version=rust_version,
        environment={e.name: e.value for e in static_env}, also_build=access.packages,
        triplet=f"${TRIPLET_VARIABLE}" if config.platforms else "$(gcc -print-multiarch)",
        cross=bool(config.platforms),
    )
    cxx = any(p.name == "g++" for p in system.build_packages)
    platforms = platform_stages(config.platforms, musl=_musl(flavor.static_target), cxx=cxx,
                                pkg_config=any(p.name == "pkg-config" for p in system.build_packages))
    return BuildPlan(
        project=name,
        chef_image=chef_image,
        chef_from=CHEF_FROM if platforms else chef_image,
        platforms=platforms,
        per_platform_args=(PER_PLATFORM_ARG,) if platforms else (),
        library_architecture=f"${PER_PLATFORM_ARG}" if platforms and any(p.target for p in system.build_packages) else None,
        runtime_image=runtime_image,
        runtime=config.runtime,
        rust_version=rust_version,
        rust_version_source=rust_version_source,
        workdir=workdir,
        toolchain_install=toolchain_install,
        build_env=static_env + system.build_env,
        rustup_targets=rustup_targets,
        cargo_flags=cargo_flags,
        cook_mounts=caches.cook_mounts,
        deps_dir=DEPS_DIR,
        cooked=caches.cooked,
        build_mounts=caches.build_mounts,
        deps=DEPS,
        sources=caches.sources,
        out_dir=OUT_DIR,
        binaries=tuple(choices),
        images=image_targets(project, selected, artifact_dir, OUT_DIR, system.init),
        user=user,
        certificates=system.certificates is not None,
        syntax=config.syntax,
        locked=project.has_lockfile,
        dockerignore=DOCKERIGNORE,
        system=system,
        access=access,
        bake=_bake(config, len(selected)),
    )


def _musl(static_target: str | None) -> bool:
    return static_target is not None and static_target.endswith("-musl")


def _bake(config: Config, images: int) -> BakePlan | None:
    """A bake file where it pays: with two or more images, one `docker buildx bake` builds them all
    and solves the shared stages once, instead of one `docker build --target` per image."""
    if config.bake is False or (config.bake is None and images < 2):
        return None
    reason = "bake = true" if config.bake else f"{images} images: one `docker buildx bake` builds them all"
    return BakePlan(BAKE_FILE, config.platforms, reason)


def _cargo_flags(
    project: Project, config: Config, choices: list[BinaryChoice], target: str | None, target_dir: str | None
) -> tuple[str, ...]:
    """The one list of flags that `cargo chef cook` and `cargo build` both receive."""
    flags = ["--release"] if config.profile == "release" else ["--profile", config.profile]
    selected = [c for c in choices if c.selected]
    packages = list(dict.fromkeys(c.package for c in selected))
    if any(p not in project.default_members for p in packages):
        for package in packages:
            flags += ["-p", package]
    # `--bins` says "every binary of these packages" when that is the selection; it skips bins
    # whose required features are off, as the selection does.
    chosen = set(packages)
    if all(c.selected == c.features_enabled for c in choices if c.package in chosen):
        flags.append("--bins")
    else:
        for choice in selected:
            flags += ["--bin", choice.name]
    if config.features:
        flags += ["--features", ",".join(config.features)]
    if config.no_default_features:
        flags.append("--no-default-features")
    if config.all_features:
        flags.append("--all-features")
    if target:
        flags += ["--target", target]
    if target_dir:
        flags += ["--target-dir", target_dir]
    if project.has_lockfile:
        flags.append("--locked")
    return tuple(flags)


def _profile_dir(profile: str) -> str:
    return {"dev": "debug", "test": "debug", "bench": "release"}.get(profile, profile)



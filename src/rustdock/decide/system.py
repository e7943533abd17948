"""Decide what the system provides around the Rust build: packages for the builder and the
runtime image, build and runtime environment, files, ports, an init.

The facts live in natives.py and linkers.py; this module applies them to the crates the build
compiles (closure.py), the project's files and .cargo/config.toml, the runtime flavor and the
user's settings. Every package, variable and file carries the reasons it is there, for
`rustdock plan`. A combination that cannot work (a runtime library the runtime image cannot
hold) is refused here, with the crate and the way out named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from rustdock.decide.caches import CacheMount, apt_caches
from rustdock.decide.closure import Closure
from rustdock.decide.environment import EnvVar
from rustdock.decide.linked import LinkedLibraries, decide_linked
from rustdock.decide.native_crates import Needs, native_needs
from rustdock.errors import RustdockError
from rustdock.knowledge.images import base_image
from rustdock.knowledge.natives import MEASURED
from rustdock.knowledge.trust import EMBEDDED_ROOTS, SYSTEM_ROOTS
from rustdock.read.cargo import Project
from rustdock.settings.config import Config

SQLX_MACROS = ("sqlx-macros-core", "sqlx-macros")
SQLX_OFFLINE_DIR = ".sqlx"
TINI = ("tini", "/usr/bin/tini-static", "/usr/bin/tini")  # Debian package, its static binary, where it goes
ZONEINFO = "/usr/share/zoneinfo"
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
MUSL_CC = "musl-tools"  # Debian's musl-gcc: what the cc crate compiles C with for a *-linux-musl target
SUITE = re.compile(r"(bookworm|trixie|debian12|debian13)")


@dataclass(frozen=True)
class Requirement:
    """A system package and everything that asked for it."""

    name: str
    reasons: tuple[str, ...]
    target: bool = False  # a library the binary links: a cross build installs the target architecture's


@dataclass(frozen=True)
class RuntimeCopy:
    """A file or folder the runtime stage copies: from the build context, or from a stage."""

    source: str
    destination: str
    stage: str | None  # None: the build context
    reason: str


@dataclass(frozen=True)
class SystemPlan:
    build_packages: tuple[Requirement, ...]  # sorted by name, so adding one moves no other line
    runtime_packages: tuple[Requirement, ...]
    runtime_installer: str | None  # "apt" or "apk"; None when nothing is installed
    apt_mounts: tuple[CacheMount, ...]
    build_env: tuple[EnvVar, ...]
    linked: LinkedLibraries | None  # how the runtime image gets what the binaries link; None: static binaries
    runtime_env: tuple[EnvVar, ...]
    certificates: str | None  # why the runtime image gets the builder's CA bundle; None: it does not
    copies: tuple[RuntimeCopy, ...]
    expose: tuple[str, ...]
    runtime_workdir: str
    init: tuple[str, ...]  # what the entrypoint starts with, e.g. ("/usr/bin/tini", "--")
    unlinked: tuple[Requirement, ...]  # runtime libraries left out: only build scripts link them
    notes: tuple[str, ...]  # what rustdock noticed and did not act on
    warnings: tuple[str, ...] = ()  # what may break the build: native crates no table knows


def decide_system(
    project: Project, config: Config, closure: Closure, *, packages: list[str], triple: str, static: bool,
    runtime_image: str, chef_image: str, runtime: str, certificates: bool, rust_version: str,
    environment: dict[str, str], triplet: str, also_build: tuple[tuple[str, str], ...] = (), cross: bool = False,
) -> SystemPlan:
    """What the builder and the runtime image need for the selected `packages` built for `triple`,
    when it compiles the crates of `closure`; `also_build` are (package, reason) decided elsewhere.
    `certificates`: the runtime image lacks a CA bundle, so one is copied in where a crate needs it."""
    suite = _suite(runtime_image) or _suite(chef_image) or "bookworm"
    needs = Needs()
    user_env = dict(config.build_env)
    supplied = set(user_env) | set(project.cargo_config.get("env", {}))
    native_needs(needs, closure, supplied=supplied, user_facts=dict(config.native_packages), triple=triple,
                 static=static, suite=suite)
    _linkers(needs, project, triple, rust_version, environment | user_env)
    _sqlx(needs, closure, project, packages)
    for package, reason in also_build:
        needs.add_build((package,), reason)
    if triple.endswith("-musl") and closure.find("cc") is not None:
        if cross:
            raise RustdockError(
                f"cc ({' → '.join(closure.find('cc').path)}) compiles C for musl targets, and Debian has a musl C "
                "compiler for x86_64 only: drop `platforms`, or use runtime = \"debian-slim\" or \"distroless\""
            )
        needs.add_build((MUSL_CC,), f"cc (compiles C for {triple})")
    if not closure.locked:
        needs.notes.append("no Cargo.lock: only the members' own dependencies were checked for system "
                           "packages (commit Cargo.lock to check them all)")

    known = base_image(runtime_image)
    held = known.holds if known is not None else None
    copies = _files(config, project.root)
    init: tuple[str, ...] = ()
    if config.tzdata:
        if held is not None and "tzdata" in held:
            needs.notes.append(f"tzdata: {runtime_image} already holds the time zone database")
        else:
            needs.add_build(("tzdata",), "tzdata setting (copied into the runtime image)")
            copies.insert(0, RuntimeCopy(ZONEINFO, ZONEINFO, "chef", "tzdata setting"))
    if config.init and cross:
        # The builder's tini is the build platform's: each platform's runtime installs its own.
        if runtime != "debian-slim":
            raise RustdockError(f"init with `platforms` needs runtime = \"debian-slim\", whose apt installs tini for "
                                f"each platform; the {runtime} image has no package manager")
        needs.add_runtime((TINI[0],), "init setting (installed for each platform)")
        init = (TINI[2], "--")
    elif config.init:
        package, source, destination = TINI
        needs.add_build((package,), "init setting (its static binary is copied into the runtime image)")
        copies.insert(0, RuntimeCopy(source, destination, "chef", "init setting"))
        init = (destination, "--")
    needs.add_build(config.build_packages, "build-packages setting")
    needs.add_runtime(config.runtime_packages, "runtime-packages setting")
    _skip(needs, config.skip_packages)

    runtime_packages = _runtime_packages(needs, held, runtime, runtime_image, suite)
    from_crates = {name for name, asked in needs.runtime.items() if any(native for _, native in asked)}
    linked = decide_linked(
        runtime=runtime, runtime_image=runtime_image, holds=held, triplet=triplet,
        predicted=tuple(p.name for p in runtime_packages if p.name in from_crates),
        extra=tuple(p.name for p in runtime_packages if p.name not in from_crates),
    )
    build_packages = tuple(Requirement(name, tuple(dict.fromkeys(r)), name in needs.libraries)
                           for name, r in sorted(needs.build.items()))
    env = {name: (value, reason) for name, (value, reason) in needs.env.items()}
    env |= {name: (value, "build-env setting") for name, value in config.build_env}
    installer = ("apk" if runtime == "alpine" else "apt") if runtime_packages else None
    runtime_env = [EnvVar(name, value, "runtime-env setting") for name, value in config.runtime_env]
    if certificates:
        bundle = _certificates(needs, closure, config.certificates)
    else:
        bundle = None
        if config.certificates is not None:
            needs.notes.append(f"certificates = {str(config.certificates).lower()} changes nothing: "
                               f"{runtime_image} holds a CA bundle of its own")
    if bundle and "SSL_CERT_FILE" not in dict(config.runtime_env):
        # OpenSSL looks in /usr/lib/ssl, which only Debian's `openssl` package links to /etc/ssl/certs.
        runtime_env.insert(0, EnvVar("SSL_CERT_FILE", CA_BUNDLE, "the CA bundle copied from the builder, "
                                     "where OpenSSL and rustls-native-certs look for it"))
    return SystemPlan(
        build_packages=build_packages,
        runtime_packages=runtime_packages,
        runtime_installer=installer,
        apt_mounts=apt_caches(suite) if build_packages or installer == "apt" or cross or linked else (),
        linked=linked,
        build_env=tuple(EnvVar(name, value, reason) for name, (value, reason) in sorted(env.items())),
        runtime_env=tuple(runtime_env),
        certificates=bundle,
        copies=tuple(copies),
        expose=config.expose,
        runtime_workdir=config.runtime_workdir,
        init=init,
        unlinked=tuple(Requirement(name, tuple(r)) for name, r in sorted(needs.unlinked.items())
                       if name not in needs.runtime),
        notes=tuple(needs.notes),
        warnings=tuple(needs.warnings),
    )


def _certificates(needs: Needs, closure: Closure, setting: bool | None) -> str | None:
    """Why the runtime image needs the builder's CA bundle, or None. Where rustdock cannot tell
    (no Cargo.lock, a native crate nobody knows) it is copied: 220 kB against a TLS error at run time."""
    if setting is not None:
        if not setting:
            needs.notes.append("no CA bundle in the runtime image: certificates = false")
        return "certificates setting" if setting else None
    reader = next((c for c in closure.crates if c.runtime and c.name in SYSTEM_ROOTS), None)
    if reader is not None:
        return f"{reader.name} ({' → '.join(reader.path)}): {SYSTEM_ROOTS[reader.name]}"
    if not closure.locked:
        return "no Cargo.lock: rustdock cannot tell whether a crate reads the system's CA certificates"
    if needs.warnings:
        return "a native crate rustdock has no facts for may verify TLS with the system's CA certificates"
    embedded = next((c.name for c in closure.crates if c.runtime and c.name in EMBEDDED_ROOTS), None)
    own = f" ({embedded} carries its own)" if embedded else ""
    needs.notes.append(f"no CA bundle in the runtime image: no crate the binaries link reads the system's CA "
                       f"certificates{own}; certificates = true copies it")
    return None


def _linkers(needs: Needs, project: Project, triple: str, rust_version: str, environment: dict[str, str]) -> None:
    """The linkers .cargo/config.toml (or the build's RUSTFLAGS) names; `rust_version` says whether
    the toolchain's own lld serves `-fuse-ld=lld`."""
    if not project.cargo_config and not environment:
        return
    from rustdock.knowledge.linkers import linker_needs  # here, not at the top: most projects never get this far

    path = project.cargo_config_path or ".cargo/config.toml"
    for need in linker_needs(project.cargo_config, triple, path, rust_version=rust_version, environment=environment):
        where = "" if need.setting.split("=")[0].split(":")[0].isupper() else ".cargo/config.toml: "
        needs.add_build(need.packages, f"{where}{need.setting} (cargo chef cook links with it)")


def _sqlx(needs: Needs, closure: Closure, project: Project, packages: list[str]) -> None:
    macros = next((closure.find(name) for name in SQLX_MACROS if closure.find(name)), None)
    if macros is None:
        return
    folders = [project.root / SQLX_OFFLINE_DIR] + [
        project.root / project.package(name).directory / SQLX_OFFLINE_DIR for name in packages
    ]
    found = next((f for f in folders if f.is_dir()), None)
    if found is None:
        needs.notes.append(
            f"{macros.name}: no {SQLX_OFFLINE_DIR}/ folder, so sqlx's query macros need a database while the "
            "image builds; `cargo sqlx prepare` writes the offline data"
        )
        return
    where = PurePosixPath(found.relative_to(project.root).as_posix())
    needs.env["SQLX_OFFLINE"] = ("true", f"{where}/ and {macros.name} in Cargo.lock: the query macros read it, "
                                         "not a database")


def _files(config: Config, root: Path) -> list[RuntimeCopy]:
    copies = []
    for entry in config.files:
        source, _, destination = entry.partition(":")
        relative = source.rstrip("/")
        parts = PurePosixPath(relative).parts
        if not parts or ".." in parts or "." in parts or parts[0] in ("target", ".git"):
            raise RustdockError(f"files: {entry!r} must name a path inside the project, outside target/ and .git/")
        if not (root / relative).exists():
            raise RustdockError(f"files: {relative!r} does not exist in {root}")
        if not destination:
            destination = f"{config.runtime_workdir.rstrip('/')}/{relative}"
        copies.append(RuntimeCopy(relative, destination, None, "files setting"))
    return copies


def _skip(needs: Needs, skipped: tuple[str, ...]) -> None:
    """Leave out what the user says the build does not need; then refuse what still cannot work."""
    for name in skipped:
        found = [needs.build.pop(name, None), needs.runtime.pop(name, None), needs.unlinkable.pop(name, None)]
        if not any(found):
            needs.notes.append(f"skip-packages: nothing asks for {name!r}")
    for refusal in needs.unlinkable.values():
        raise RustdockError(refusal)


def _runtime_packages(
    needs: Needs, held: frozenset[str] | None, runtime: str, runtime_image: str, suite: str
) -> tuple[Requirement, ...]:
    """What the runtime image must install; refuses what it cannot."""
    wanted = []
    for name, asked in sorted(needs.runtime.items()):
        reasons = tuple(dict.fromkeys(reason for reason, _ in asked))
        if held is not None and name in held:
            needs.notes.append(f"{name}: already in {runtime_image} ({'; '.join(reasons)})")
            continue
        if runtime in ("distroless", "scratch"):
            native = next((n for _, n in asked if n is not None), None)
            if native is None:
                raise RustdockError(f"runtime-packages: the {runtime} image has no package manager to install {name!r}")
            crate = reasons[0]
            if native.source != MEASURED:  # Debian's packaging names every library any feature links
                needs.notes.append(f"{name}: {crate} may link it, and {runtime_image} lacks it: the build fails "
                                   "if a binary does")
                continue
            way_out = f"{native.way_out}, or " if native.way_out else ""
            raise RustdockError(
                f"{native.crate} needs {name} at run time ({crate}), which {runtime_image} lacks: "
                f"{way_out}use runtime = \"debian-slim\" (if this build does not compile "
                f"{native.crate}: skip-packages = [\"{name}\"])"
            )
        wanted.append(Requirement(name, reasons))
    return tuple(wanted)


def _suite(image: str) -> str | None:
    match = SUITE.search(image)
    if match is None:
        return None
    return {"debian12": "bookworm", "debian13": "trixie"}.get(match[1], match[1])

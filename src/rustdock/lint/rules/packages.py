"""Rules about system packages: the final image holds the shared libraries the build linked, and the
builder has the linker .cargo/config.toml names before `cargo chef cook` links with it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from rustdock.knowledge.images import BaseImage, base_image
from rustdock.knowledge.linkers import DEFAULT_PATH, LinkerNeed, linker_needs
from rustdock.lint.model.cargo_calls import CargoCall
from rustdock.lint.model.context import Context
from rustdock.lint.model.crates import linked_crates
from rustdock.lint.model.dockerfile import Instruction, split_image
from rustdock.lint.model.packages import (FAMILIES, SharedLibrary, installs, installs_unread, is_builder_image,
                                          is_install, library)
from rustdock.lint.model.shell import run_commands
from rustdock.lint.model.words import code, is_known
from rustdock.lint.rules.cargo import rust_version
from rustdock.lint.rules.catalogue import COOK_BEFORE_LINKER, RUNTIME_LACKS_LIBRARY, Finding
from rustdock.lint.rules.scan import Scan

LINKING = ("build", "zigbuild", "install")  # cargo commands that link the binary the image runs
RUSTFLAGS = ("RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS")
DEFAULT_TRIPLE = "x86_64-unknown-linux-gnu"  # the builder's host when nothing names a target
# Words that show a RUN fetches or builds a tool rather than installing a package: the tool's name
# (mold's release tarball, a symlink to ld.lld-16), or LLVM's (apt.llvm.org's llvm.sh installs clang and lld).
TOOL_HINTS = {"clang": ("clang", "llvm"), "lld": ("lld", "llvm"), "mold": ("mold",)}
LIBRARY_DIRS = ("/lib", "/usr/lib", "/usr/local/lib")  # copying one of these (or its <arch> dir) copies every library


def runtime_lacks_library(scan: Scan) -> Iterator[Finding]:
    """RD015: the build links a shared library that the final image does not hold."""
    df = scan.dockerfile
    final = df.stages[-1]
    chain = df.chain(final)
    base = base_image(chain[0].image)  # None for scratch (a static binary) and for images it does not know
    history = [i for s in chain for i in s.instructions]
    if base is None or not history or any(installs_unread(i) for i in history):
        return  # an image that installs a list read at build time may hold anything
    in_final = {s.index for s in chain}
    reaching = in_final | {s.index for s in scan.feeding_stages(history[-1])}
    held = set(base.holds) | {i.package for inst in history for i in installs(inst)}
    reported: set[str] = set()
    for build in scan.calls:
        if build.kind not in LINKING or build.instruction.stage not in reaching or _static(build, scan):
            continue
        for install in (i for inst in df.history(build.instruction) for i in installs(inst)):
            lib = library(install.manager, install.package)
            if (
                lib is None
                or lib.dev in reported
                or FAMILIES[lib.manager] != base.family
                or install.instruction.stage in in_final  # the final image has the -dev package itself
                or held & {lib.dev, *lib.runtime}  # a -dev package depends on its runtime package
                or _copied(lib, history)
                or _static_env(build, lib)
                or not _may_link(lib, build, scan)
            ):
                continue
            reported.add(lib.dev)
            yield scan.finding(
                RUNTIME_LACKS_LIBRARY,
                chain[0].line,  # where the final image's base is chosen, and a runtime install goes
                f"{lib.dev} (line {install.instruction.line}) makes the build link {lib.soname}, but the final "
                f"image ({chain[0].image}) has no {lib.runtime[0]}: the binary will not start",
                _install_fix(lib, base, chain[0].image),
            )


def cook_before_linker(scan: Scan) -> Iterator[Finding]:
    """RD016: the linker .cargo/config.toml asks for is not there when `cargo chef cook` links."""
    context = scan.context
    if context is None or context.cargo_config is None:
        return
    df = scan.dockerfile
    cooks = [c for c in scan.calls_of("cook") if c.shape().command == "build"]
    for call in cooks or [c for c in scan.calls if c.kind == "build"][:1]:
        root = df.chain(scan.stage_of(call.instruction))[0]
        triple = _triple(call, scan)
        if not is_builder_image(root.image) or triple is None:
            continue  # another image may hold the tool; the linter does not guess
        version = rust_version(root.image)
        needs = linker_needs(
            context.cargo_config,
            triple,
            context.cargo_config_path or DEFAULT_PATH,
            rust_version="stable" if version == "" else version,  # a floating tag pulls the newest
            environment=call.environment,
        )
        history = df.history(call.instruction)
        config = context.cargo_config_path.name if context.cargo_config_path else "config.toml"
        for need in needs:
            if _provided(need, history):
                continue
            packages = " or ".join(need.packages)
            install = "apk add --no-cache" if _alpine(root.image) else "apt-get install -y --no-install-recommends"
            yield scan.finding(
                COOK_BEFORE_LINKER,
                call.instruction.line,
                f"{code(need.setting)} in .cargo/{config} makes {call.spelled} link with {need.tool}, but nothing "
                "before "
                f"it installs {packages}: it fails when it links",
                f"Install {packages} before line {call.instruction.line}, in the stage it builds on "
                f"(`{install} {need.packages[0]}`).",
            )


def _static(build: CargoCall, scan: Scan) -> bool:
    """Whether the build links its C libraries statically: `+crt-static`, or a musl target without
    `-crt-static` (`rustc --print cfg` shows crt-static on by default there). Unknowable: yes."""
    env = build.environment
    flags = " ".join(env.get(name, "") for name in RUSTFLAGS)
    triple = _triple(build, scan)
    if triple is None or not is_known(flags) or "+crt-static" in flags:
        return True
    return "musl" in triple and "-crt-static" not in flags


def _triple(call: CargoCall, scan: Scan) -> str | None:
    """What the call builds for (None: unknowable): --target, CARGO_BUILD_TARGET, build.target, the host."""
    given = call.values("--target")
    triple = given[-1] if given else call.environment.get("CARGO_BUILD_TARGET") or _config_target(scan.context)
    if triple is None:
        root = scan.dockerfile.chain(scan.stage_of(call.instruction))[0].image
        triple = "x86_64-unknown-linux-musl" if _alpine(root) else DEFAULT_TRIPLE
    return triple if is_known(triple) else None


def _alpine(builder: str) -> bool:
    """The official images' `*-alpine*` tags: rustup's musl toolchain is the host, and apk installs
    (Alpine's own rust package, on `alpine:*`, targets x86_64-alpine-linux-musl, which links dynamically)."""
    return is_builder_image(builder) and "alpine" in (split_image(builder)[1] or "")


def _config_target(context: Context | None) -> str | None:
    """`build.target` of the context's .cargo/config.toml, when it names one triple."""
    config = context.cargo_config if context else None
    build = config.get("build") if isinstance(config, Mapping) else None
    target = build.get("target") if isinstance(build, Mapping) else None
    if isinstance(target, list) and len(target) == 1:
        target = target[0]
    return target if isinstance(target, str) else None


def _may_link(lib: SharedLibrary, build: CargoCall, scan: Scan) -> bool:
    """Whether the context's Cargo.lock lets a binary link the library's -sys crate (no context: yes)."""
    triple = _triple(build, scan)
    linked = linked_crates(scan.context.root, triple) if scan.context and triple else None
    return linked is None or lib.crate in linked


def _static_env(build: CargoCall, lib: SharedLibrary) -> bool:
    """Whether the -sys crate's own switch (OPENSSL_STATIC, ...) makes it link the library statically."""
    value = build.environment.get(lib.static_env) if lib.static_env else None
    return value is not None and value != "0"


def _copied(lib: SharedLibrary, history: list[Instruction]) -> bool:
    """Whether a COPY or ADD brings the library (or a whole library directory) into the final image."""
    stem = lib.soname.split(".so", 1)[0] + ".so"
    for inst in history:
        if inst.cmd not in ("COPY", "ADD"):
            continue
        for source in inst.paths[0]:
            path = "/" + source.strip("/")
            if stem in path or path in LIBRARY_DIRS or (path.rsplit("/", 1)[0] in LIBRARY_DIRS and "-linux-" in path):
                return True
    return False


def _provided(need: LinkerNeed, history: list[Instruction]) -> bool:
    """Whether an instruction installs, fetches or copies the tool."""
    hints = TOOL_HINTS.get(need.tool, (need.tool,))
    for inst in history:
        if any(i.package in need.packages for i in installs(inst)):
            return True
        for command in run_commands(inst):
            if not is_install(command) and any(h in word for word in command.argv for h in hints):
                return True
        if inst.cmd in ("COPY", "ADD") and any(h in source for source in inst.paths[0] for h in hints):
            return True
    return False


def _install_fix(lib: SharedLibrary, base: BaseImage, image: str) -> str:
    package = lib.runtime[0]
    if not base.package_manager:
        return (
            f"{image} has no package manager: start the final stage FROM debian:bookworm-slim and install "
            f"{package}, or copy {lib.soname} from a stage that installed it."
        )
    if lib.manager == "apk":
        return f"Install {package} in the final stage: `RUN apk add --no-cache {package}`."
    return (
        f"Install {package} in the final stage: `RUN apt-get update && apt-get install -y "
        f"--no-install-recommends {package} && rm -rf /var/lib/apt/lists/*`."
    )

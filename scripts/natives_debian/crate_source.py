"""Read an unpacked crate's manifest and build script for the native libraries it names, running nothing."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .knowledge import BUILD_DEPENDENCY_TOOLS, OTHER_OS_LIBS, PKG_CONFIG_CRATES, SOURCE_SUFFIXES


@dataclass(frozen=True)
class CrateFacts:
    """What a crate's own files say about native libraries (read from one unpacked version)."""

    name: str
    version: str
    links: str | None = None
    build_script: str | None = None  # path inside the crate, None without one
    pkg_config: tuple[str, ...] = ()  # modules probed or declared (system-deps)
    link_libs: tuple[str, ...] = ()  # literal -l names of rustc-link-lib lines (dynamic or unstated)
    static_libs: tuple[str, ...] = ()  # literal -l names of rustc-link-lib=static lines
    attribute_libs: tuple[str, ...] = ()  # names of #[link(name = "...")] in its Rust sources
    computed: bool = False  # the build script computes a library name this reading cannot follow
    tools: tuple[str, ...] = ()  # Debian packages of the tools its default build dependencies run
    bundled: bool = False  # compiles C it ships (cc/cmake and C sources)



def read_crate(path: Path) -> CrateFacts:
    """Read one unpacked crate: its manifest and build script, nothing run."""
    manifest = tomllib.loads((path / "Cargo.toml").read_text(encoding="utf-8"))
    package = manifest["package"]
    script = _build_script(path, package.get("build"))
    text = _build_script_text(path, script)
    on = _default_features(manifest.get("features", {}))
    build_deps = _active_build_dependencies(manifest, on)
    probed, computed = _probed_modules(text)
    modules = probed + _system_deps(package.get("metadata", {}).get("system-deps", {}), on)
    tools = {tool for dep in build_deps for tool in BUILD_DEPENDENCY_TOOLS.get(dep, ())}
    if re.search(r"\.cpp\(\s*true\s*\)", text):
        tools.add("g++")
    if modules or build_deps & PKG_CONFIG_CRATES:
        tools.add("pkg-config")
    bundled = _ships_sources(path) or any(dep.endswith("-src") for dep in build_deps)
    dynamic, static = _link_libs(text)
    return CrateFacts(
        package["name"], package["version"], links=package.get("links"), build_script=script,
        pkg_config=_on_linux(modules), link_libs=_on_linux(dynamic), static_libs=() if bundled else _on_linux(static),
        attribute_libs=_on_linux(_link_attributes(path)), tools=tuple(sorted(tools)), bundled=bundled,
        computed=computed or bool(re.search(r"rustc-link-lib=[^\"]*\{", text)))


def _on_linux(names: Iterable[str]) -> tuple[str, ...]:
    """The names, once each, without those of libraries other systems ship (printed behind a cfg this reading skips)."""
    return tuple(dict.fromkeys(n for n in names if n.lower() not in OTHER_OS_LIBS and not n.startswith("windows.")))


def _build_script(path: Path, build: object) -> str | None:
    if build is False:
        return None
    if isinstance(build, str):
        return build
    return "build.rs" if (path / "build.rs").is_file() else None


def _build_script_text(path: Path, script: str | None) -> str:
    """The build script and, when it lives in a folder of its own, the modules beside it."""
    if script is None:
        return ""
    main = path / script
    files = [main] if main.parent == path else sorted(main.parent.rglob("*.rs"))
    return "\n".join(f.read_text(encoding="utf-8", errors="replace") for f in files if f.is_file())


def _default_features(features: dict[str, list[str]]) -> frozenset[str]:
    """Features and optional dependencies the `default` feature turns on, transitively."""
    on: set[str] = set()
    todo = ["default"]
    while todo:
        name = todo.pop()
        if name in on:
            continue
        on.add(name)
        for item in features.get(name, []):
            item = item.removeprefix("dep:").split("/")[0].rstrip("?")
            todo.append(item)
    return frozenset(on)


def _active_build_dependencies(manifest: dict, on: frozenset[str]) -> frozenset[str]:
    """Build dependencies a default build of the crate compiles on Linux (by package name)."""
    tables = [manifest.get("build-dependencies", {})]
    for cfg, target in manifest.get("target", {}).items():
        if not re.search(r"windows|msvc|macos|apple|ios|android|wasm|freebsd", cfg):
            tables.append(target.get("build-dependencies", {}))
    active = set()
    for table in tables:
        for key, spec in table.items():
            spec = spec if isinstance(spec, dict) else {}
            if not spec.get("optional") or key in on:
                active.add(spec.get("package", key))
    return frozenset(active)


def _probed_modules(text: str) -> tuple[list[str], bool]:
    """pkg-config modules the script probes, literally or through a string constant; and whether
    it probes one this reading cannot name."""
    modules, computed = [], False
    for argument in re.findall(r"(?:probe_library|\.probe)\(\s*([^)]*?)\s*\)", text):
        literal = re.fullmatch(r'"([^"]+)"', argument)
        named = re.findall(rf'(?:const|static|let)\s+{re.escape(argument)}\s*(?::[^=]+)?=\s*"([^"]+)"', text)
        if literal:
            modules.append(literal[1])
        elif re.fullmatch(r"\w+", argument) and named:
            modules.extend(named)
        else:
            computed = True
    return modules, computed


def _system_deps(table: dict, on: frozenset[str]) -> list[str]:
    """pkg-config modules of `[package.metadata.system-deps]` that a default build asks for."""
    modules = []
    for key, spec in table.items():
        if isinstance(spec, dict):
            if spec.get("optional") or spec.get("feature", "default") not in on:
                continue
            modules.append(spec.get("name", key))
        else:
            modules.append(key)
    return modules


def _link_libs(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Literal names of `cargo:rustc-link-lib=[KIND=]NAME` lines: (dynamic or unstated, static)."""
    found = re.findall(r"cargo::?rustc-link-lib=(?:([a-z+\-,:]+|\{\w*\})=)?([A-Za-z0-9_.+-]+)(?![{\w=:])", text)
    dynamic = [name for kind, name in found if not kind.startswith(("static", "framework"))]
    static = [name for kind, name in found if kind.startswith("static")]
    return tuple(dict.fromkeys(dynamic)), tuple(dict.fromkeys(static))


OTHER_OS_PATH = re.compile(r"windows|apple|macos|ios|bsd|solari|illumos|haiku|fuchsia|wasi|wasm|redox|android|vxworks"
                           r"|nto|hermit|horizon|emscripten|aix|hurd|cygwin|teeos|nuttx|l4re|uefi|sgx|espidf")
OTHER_OS_CFG = re.compile(r'target_os\s*=\s*"(?!linux)|\bwindows\b|target_vendor\s*=\s*"apple"')


def _link_attributes(path: Path) -> tuple[str, ...]:
    """Names of `#[link(name = "...")]` in the crate's Rust sources, other than frameworks and raw-dylib,
    and other than those in another OS's folder or under a cfg that names only another OS."""
    names = []
    for source in sorted((path / "src").rglob("*.rs")) if (path / "src").is_dir() else ():
        if OTHER_OS_PATH.search(str(source.relative_to(path / "src"))):
            continue
        lines = source.read_text(encoding="utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines):
            attribute = re.search(r"#\[link\(([^\]]*)\)\]", line)
            name = attribute and re.search(r'name\s*=\s*"([^"]+)"', attribute[1])
            if not name or re.search(r'kind\s*=\s*"(?:framework|raw-dylib)"', attribute[1]):
                continue
            cfg = next((l for l in reversed(lines[max(0, number - 4):number]) if "cfg" in l), "")
            if not (OTHER_OS_CFG.search(cfg) and "linux" not in cfg and "not(" not in cfg):
                names.append(name[1])
    return tuple(dict.fromkeys(names))


def _ships_sources(path: Path, enough: int = 3) -> bool:
    """Ships a C or C++ library's sources (a file or two is a probe, like openssl-sys's expando.c)."""
    sources = (f for f in path.rglob("*") if f.suffix in SOURCE_SUFFIXES and f.is_file())
    return sum(1 for _ in zip(range(enough), sources)) == enough


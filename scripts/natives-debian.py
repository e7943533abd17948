#!/usr/bin/env python3
"""Generate src/rustdock/natives-debian.tsv: crate -> the Debian packages its build and its binary need.

Two sources, both read per Debian suite (main, amd64):

1. Debian's packaging of Rust crates. Each `librust-<crate>-dev` package Depends on the system
   packages the crate needs to build (`librust-gpgme-sys-dev` -> `libgpgme-dev`).
2. The crates of scripts/natives-crates.txt, most of which Debian does not package: their
   Cargo.toml (`links`, system-deps metadata, build dependencies) and build script (pkg-config
   probes, `rustc-link-lib` lines) name a library; Debian's Contents index says which package
   ships its `.pc` file or `libX.so`.

The runtime package of each library is the owner of its versioned `libX.so.N` (Contents again).
Usage: `python3 scripts/natives-debian.py` (network: the Debian mirror of this machine's apt
sources, and cargo for the crates); tests pass offline inputs, see `--help`.
Layout: parsed inputs (dataclasses) -> parse -> derive (pure) -> format -> fetch -> main.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import lzma
import os
import re
import subprocess
import sys
import tempfile
import tomllib
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SUITES = ("bookworm", "trixie")
MULTIARCH = "x86_64-linux-gnu"

# --- Knowledge the derivation needs, one fact a line ------------------------------------------

# Depends of librust packages that a crate's build does not use, one a line with the crates that
# show it in bookworm's or trixie's Packages index. The crate's source names each one it drops.
NOT_BUILD_NEEDS = {
    "rustc": "the builder's own toolchain (tree-sitter, gtk 0.18)",
    "rustfmt": "the builder's own toolchain (cranelift)",
    "dpkg-dev": "Debian's own packaging (libc)",
    "gir-rust-code-generator": "Debian regenerates gtk-rs bindings (gtk-sys 0.18, atk-sys 0.18)",
    "xmlstarlet": "Debian regenerates gtk-rs bindings",
    "libgirepository1.0-dev": "Debian regenerates gtk-rs bindings from its .gir files",
    "gir1.2-phosh-0-dev": "Debian regenerates gtk-rs bindings (libphosh-sys)",
    "python3-xcbgen": "Debian regenerates x11rb's bindings; the published crate ships them",
    "xcb-proto": "Debian regenerates x11rb's bindings",
    "xdg-utils": "run-time helper (opener)",
    "iputils-ping": "run-time helper (pinger)",
    "iproute2": "run-time helper (if-addrs)",
    "gpgconf": "run-time helper (sequoia-gpg-agent)",
    "gpg-agent": "run-time helper (sequoia-gpg-agent)",
    "python3-breezy": "run-time helper (breezyshim)",
    "brz-debian": "run-time helper (breezyshim)",
    "systemd": "run-time helper (whoami)",
    "distro-info-data": "run-time data (distro-info)",
    "publicsuffix": "run-time data (isahc)",
    "usb.ids": "run-time data (usb-ids)",
    "gstreamer1.0-plugins-base": "run-time plugins (gstreamer-video)",
}
# Crates whose librust package's Depends carry a tool to the crates that build-depend on them.
PKG_CONFIG_CRATES = frozenset({"pkg-config", "system-deps", "metadeps"})
# Packages that ship libraries yet run on the build machine: installed for it in cross builds.
BUILD_MACHINE_PACKAGES = {"libclang-dev": "bindgen loads libclang; its .so is under /usr/lib/llvm-*"}
# Build dependencies of a crate that run a tool (only when they are on by default).
BUILD_DEPENDENCY_TOOLS = {"cmake": ("cmake",), "bindgen": ("libclang-dev",), "nasm-rs": ("nasm",),
                          "autotools": ("make",), "prost-build": ("protobuf-compiler",)}
# -l names the compilers provide: (tools, runtime). libc6-dev and gcc are in every Rust builder.
TOOLCHAIN_LIBS = {
    "c": ((), ()), "m": ((), ()), "dl": ((), ()), "pthread": ((), ()), "rt": ((), ()), "util": ((), ()),
    "resolv": ((), ()), "gcc": ((), ()), "gcc_s": ((), ()), "stdc++": (("g++",), ("libstdc++6",)),
    "gomp": ((), ("libgomp1",)), "atomic": ((), ("libatomic1",)), "gfortran": (("gfortran",), ("libgfortran5",)),
    "unwind": ((), ()),  # printed for musl and other targets; GNU targets unwind with libgcc_s
}
# -l names of other operating systems that build scripts print behind a cfg (compared in lower case).
OTHER_OS_LIBS = frozenset({
    "advapi32", "bcrypt", "crypt32", "dbghelp", "dinput8", "dxguid", "gdi32", "imm32", "iphlpapi", "kernel32",
    "msvcrt", "mswsock", "ncrypt", "ntdll", "ole32", "oleaut32", "psapi", "rstrtmgr", "secur32", "setupapi",
    "shell32", "shlwapi", "strmiids", "user32", "userenv", "version", "vfw32", "winmm", "ws2_32", "xmllite",
    "c++", "c++abi", "iconv", "objc", "objfw-rt", "system", "security", "corefoundation",
    "android", "log", "nativewindow", "mediandk", "jnigraphics", "aaudio", "sync", "opensles", "glesv1_cm",
})
# When several packages ship one .pc or .so, the one a builder normally has.
PREFERRED_OWNERS = ("libcurl4-openssl-dev",)
SOURCE_SUFFIXES = (".c", ".cc", ".cpp", ".cxx", ".S", ".asm")


# --- Parsed inputs ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Stanza:
    """One binary package of a Packages index, with the fields this script reads."""

    package: str
    version: str
    depends: tuple[tuple[str, ...], ...] = ()  # groups of alternatives, names only
    provides: tuple[str, ...] = ()


@dataclass(frozen=True)
class LibraryFiles:
    """What Contents says about libraries in the multiarch lib dir and pkg-config dirs."""

    dev_so: dict[str, frozenset[str]]  # "libpq.so" -> packages shipping that unversioned link name
    runtime_so: dict[str, frozenset[str]]  # "libpq.so" -> packages shipping libpq.so.<digits>...
    static: dict[str, frozenset[str]]  # "libpq.a" -> packages
    pc: dict[str, frozenset[str]]  # "libpq" (module) -> packages shipping libpq.pc
    so_of: dict[str, frozenset[str]]  # package -> the unversioned link names it ships
    shippers: frozenset[str]  # packages that ship a link name, a static archive or a .pc file
    runtimes: frozenset[str]  # packages that ship a libX.so.N


@dataclass(frozen=True)
class SuiteIndex:
    suite: str
    packages: dict[str, Stanza]
    providers: dict[str, tuple[str, ...]]  # virtual name -> real packages providing it
    files: LibraryFiles


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


@dataclass(frozen=True)
class Needs:
    libraries: frozenset[str] = frozenset()
    tools: frozenset[str] = frozenset()
    runtime: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Row:
    crate: str
    suite: str
    needs: Needs
    source: str
    kind: str  # "debian", "crate" or "nothing": which source covers it, for the closing count


# --- Parse ------------------------------------------------------------------------------------

def parse_packages(text: str) -> dict[str, Stanza]:
    """Parse a Packages index (deb822 stanzas) into Stanzas by package name."""
    stanzas: dict[str, Stanza] = {}
    for block in re.split(r"\n\s*\n", text):
        fields = _deb822_fields(block)
        if "Package" in fields:
            stanza = Stanza(fields["Package"], fields.get("Version", ""),
                            _relations(fields.get("Depends", "")),
                            tuple(g[0] for g in _relations(fields.get("Provides", ""))))
            stanzas[stanza.package] = stanza
    return stanzas


def _deb822_fields(block: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    key = None
    for line in block.splitlines():
        if line[:1] in (" ", "\t") and key:
            fields[key] += " " + line.strip()
        elif ":" in line:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def _relations(value: str) -> tuple[tuple[str, ...], ...]:
    """`a (>= 1) | b:any, c` -> (("a", "b"), ("c",))."""
    groups = []
    for group in value.split(","):
        names = tuple(re.split(r"[\s(\[]", alt.strip(), maxsplit=1)[0].split(":")[0] for alt in group.split("|"))
        if any(names):
            groups.append(names)
    return tuple(groups)


LIBRARY_PATH = re.compile(
    rf"^(?:usr/)?lib/(?:{MULTIARCH}/)?(?:(?P<so>lib[^/]+?\.so)(?P<ver>(?:\.[0-9]+)+)?|(?P<a>lib[^/]+\.a)"
    rf"|pkgconfig/(?P<pc>[^/]+)\.pc)$|^usr/share/pkgconfig/(?P<pc2>[^/]+)\.pc$")


def parse_contents(lines: Iterable[str]) -> LibraryFiles:
    """Keep the library, static archive and .pc lines of a Contents index (`path  sec/pkg,sec/pkg`)."""
    maps: dict[str, defaultdict[str, set[str]]] = {k: defaultdict(set) for k in ("dev", "run", "a", "pc", "so_of")}
    for line in lines:
        if ".so" not in line and ".a " not in line and ".pc" not in line:
            continue
        path, _, owners = line.rstrip("\n").rpartition(" ")
        match = LIBRARY_PATH.match(path.strip())
        if not match:
            continue
        packages = {owner.rsplit("/", 1)[-1] for owner in owners.split(",")}
        if match["so"] and match["ver"]:
            maps["run"][match["so"]] |= packages
        elif match["so"]:
            maps["dev"][match["so"]] |= packages
            for package in packages:
                maps["so_of"][package].add(match["so"])
        elif match["a"]:
            maps["a"][match["a"]] |= packages
        else:
            maps["pc"][match["pc"] or match["pc2"]] |= packages
    frozen = {k: {name: frozenset(v) for name, v in m.items()} for k, m in maps.items()}
    shippers = frozenset().union(*frozen["dev"].values(), *frozen["a"].values(), *frozen["pc"].values())
    runtimes = frozenset().union(*frozen["run"].values())
    return LibraryFiles(frozen["dev"], frozen["run"], frozen["a"], frozen["pc"], frozen["so_of"], shippers, runtimes)


def build_index(suite: str, packages_text: str, contents_lines: Iterable[str]) -> SuiteIndex:
    packages = parse_packages(packages_text)
    providers: defaultdict[str, list[str]] = defaultdict(list)
    for stanza in packages.values():
        for name in stanza.provides:
            providers[name].append(stanza.package)
    return SuiteIndex(suite, packages, {k: tuple(sorted(v)) for k, v in providers.items()},
                      parse_contents(contents_lines))


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
        pkg_config=tuple(dict.fromkeys(modules)), link_libs=dynamic, static_libs=() if bundled else static,
        attribute_libs=_link_attributes(path), tools=tuple(sorted(tools)), bundled=bundled,
        computed=computed or bool(re.search(r"rustc-link-lib=[^\"]*\{", text)))


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


# --- Derive: packages and their kinds ---------------------------------------------------------

def _real(group: tuple[str, ...], index: SuiteIndex) -> str | None:
    """The package apt would pick for a group of alternatives: the first real or provided one."""
    for name in group:
        if name in index.packages:
            return name
        if index.providers.get(name):
            return index.providers[name][0]
    return None


def _depends(package: str, index: SuiteIndex) -> list[str]:
    stanza = index.packages.get(package)
    return [name for name in (_real(g, index) for g in (stanza.depends if stanza else ())) if name]


def _dev_depends(package: str, index: SuiteIndex) -> list[str]:
    return [name for name in _depends(package, index) if _is_dev(name)]


def _is_dev(package: str) -> bool:
    """A development package: libfoo-dev, and libmariadb-dev-compat or krb5-multidev too."""
    return bool(re.search(r"dev(?:-compat)?$", package))


def is_library(package: str, index: SuiteIndex, depth: int = 3) -> bool:
    """Ships a library or .pc the binary links (itself, or a metapackage's -dev Depends)."""
    if package in BUILD_MACHINE_PACKAGES:
        return False
    if package in index.files.shippers:
        return True
    return depth > 0 and any(is_library(d, index, depth - 1) for d in _dev_depends(package, index))


def runtime_of(package: str, index: SuiteIndex, link_names: Iterable[str] | None = None,
               depth: int = 3) -> frozenset[str]:
    """The runtime package of a -dev package: owners of libX.so.N for the libX.so it ships (those it
    Depends on, when it names some: a stale libX.so.0 may linger in another package), else the
    shared libraries it Depends on, else those of its own -dev Depends (metapackages)."""
    names = index.files.so_of.get(package, ()) if link_names is None else link_names
    owners = {owner for name in names for owner in index.files.runtime_so.get(name, ()) if not _is_dev(owner)}
    depends = _runtime_depends(package, index)
    if owners:
        return frozenset(owners & depends or owners)
    direct = {d for d in _depends(package, index) if d in index.files.runtimes and not _is_dev(d)}
    if direct or depth == 0:
        return frozenset(direct)
    return frozenset().union(*(runtime_of(d, index, None, depth - 1) for d in _dev_depends(package, index)))


def _runtime_depends(package: str, index: SuiteIndex, depth: int = 2) -> set[str]:
    """Shared-library packages a -dev package Depends on, itself or through its -dev Depends."""
    found = {d for d in _depends(package, index) if d in index.files.runtimes and not _is_dev(d)}
    if depth:
        found = found.union(*(_runtime_depends(d, index, depth - 1) for d in _dev_depends(package, index)))
    return found


def split_kinds(packages: Iterable[str], index: SuiteIndex, runtime: Iterable[str] | None = None) -> Needs:
    """Libraries (for the target) apart from tools (for the build machine), with the runtime: the
    one given, else that of every library."""
    packages = set(packages)
    libraries = {p for p in packages if is_library(p, index)}
    found = set(runtime) if runtime is not None else set().union(*(runtime_of(p, index) for p in libraries))
    return Needs(frozenset(libraries), frozenset(packages - libraries), frozenset(found))


def _owner(owners: Iterable[str] | None) -> str | None:
    """One package when several ship a file: a preferred one, else a -dev one, else the first."""
    owners = sorted(owners or ())
    for package in PREFERRED_OWNERS:
        if package in owners:
            return package
    return next((p for p in owners if p.endswith("-dev")), owners[0] if owners else None)


# --- Derive: Debian's packaging of crates -----------------------------------------------------

def _upstream(version: str) -> str:
    return re.sub(r"^\d+:", "", version).rsplit("-", 1)[0]


def crate_of_package(package: str, version: str) -> tuple[str, bool] | None:
    """`librust-gtk-0.18-dev` at 0.18.2-1 -> ("gtk", True); feature packages (`+`) -> None."""
    match = re.fullmatch(r"librust-([a-z0-9.-]+)-dev", package)
    if not match:
        return None
    stem = match[1]
    versioned = re.fullmatch(r"(.+)-(\d+(?:\.\d+)*)", stem)
    upstream = _upstream(version)
    if versioned and (upstream == versioned[2] or upstream.startswith(versioned[2] + ".")):
        return versioned[1], True
    return stem, False


def debian_crates(index: SuiteIndex) -> dict[str, Stanza]:
    """Crate (Debian's dashed name) -> its librust package: the unversioned one, else the newest."""
    ranked: dict[str, tuple[tuple, Stanza]] = {}
    for stanza in index.packages.values():
        found = crate_of_package(stanza.package, stanza.version)
        if found:
            crate, versioned = found
            rank = (not versioned, tuple(int(n) for n in re.findall(r"\d+", _upstream(stanza.version))))
            if crate not in ranked or rank > ranked[crate][0]:
                ranked[crate] = (rank, stanza)
    return {crate: stanza for crate, (_, stanza) in ranked.items()}


def debian_system_depends(stanza: Stanza, index: SuiteIndex, depth: int = 2) -> tuple[set[str], set[str], list[str]]:
    """(system packages, ignored Depends, librust packages the pkg-config tool came through)."""
    system, ignored, via = set(), set(), []
    for group in stanza.depends:
        name = _real(group, index)
        if name is None:
            continue
        if name.startswith("librust-"):
            crate = crate_of_package(name, index.packages[name].version)
            if depth and crate and crate[0] in PKG_CONFIG_CRATES:
                tools, _, _ = debian_system_depends(index.packages[name], index, depth - 1)
                system |= tools
                via.append(name)
        elif name in NOT_BUILD_NEEDS:
            ignored.add(name)
        else:
            system.add(name)
    return system, ignored, via


def debian_row(crate: str, stanza: Stanza, index: SuiteIndex) -> Row:
    system, ignored, via = debian_system_depends(stanza, index)
    source = f"Debian: {stanza.package} {stanza.version} Depends"
    if via:
        source += " (pkg-config through " + ", ".join(sorted(set(via))) + ")"
    if ignored:
        source += "; not for the build: " + ", ".join(sorted(ignored))
    return Row(crate, index.suite, split_kinds(system, index), source, "debian")


def wanted_from_debian(crate: str, stanza: Stanza, index: SuiteIndex, crate_list: frozenset[str]) -> bool:
    """Debian crates worth a line: a -sys crate, a crate of the list, or one that Depends on a system
    package itself (pkg-config through the pkg-config crate alone does not count)."""
    own = {_real(g, index) for g in stanza.depends} - {None}
    return (crate.endswith("-sys") or normal(crate) in crate_list
            or any(not p.startswith("librust-") and p not in NOT_BUILD_NEEDS for p in own))


def normal(crate: str) -> str:
    """The lookup key: Debian writes `_` as `-` and lowercases."""
    return crate.lower().replace("_", "-")


# --- Derive: the crates' own build scripts ----------------------------------------------------

def crate_row(facts: CrateFacts, index: SuiteIndex) -> Row:
    """What a default build of the crate needs from this suite, from its own files and Contents."""
    found: dict[str, str] = {}  # file -> package that ships it
    missing: list[str] = []
    packages, runtime = set(facts.tools), set()
    for module in facts.pkg_config:
        owner = _owner(index.files.pc.get(module))
        _record(owner, f"{module}.pc", found, missing)
        if owner:
            packages.add(owner)
            runtime |= runtime_of(owner, index)
    for name in dict.fromkeys(facts.link_libs + facts.attribute_libs + facts.static_libs):
        tools, libs, owner, so = _link_name(name, index)
        packages |= set(tools) | ({owner} if owner else set())
        dynamic = name not in facts.static_libs or name in facts.link_libs + facts.attribute_libs
        runtime |= set(libs) | (runtime_of(owner, index, [so]) if owner and dynamic else set())
        if so:
            _record(owner, so, found, missing)
    if not found and facts.links and not facts.bundled:
        owner, file = _links_owner(facts.links, index)
        if file:
            _record(owner, file, found, missing)
        packages |= {owner} if owner else set()
        runtime |= runtime_of(owner, index) if owner else set()
    needs = split_kinds(packages, index, runtime)
    return Row(facts.name, index.suite, needs, _crate_source(facts, found, missing), _crate_kind(facts, needs))


def _record(owner: str | None, file: str, found: dict[str, str], missing: list[str]) -> None:
    if owner:
        found.setdefault(file, owner)
    elif file not in missing:
        missing.append(file)


def _link_name(name: str, index: SuiteIndex) -> tuple[tuple[str, ...], tuple[str, ...], str | None, str | None]:
    """A -l name -> (tools, runtime) the compilers bring, or the package shipping libNAME.so/.a."""
    if name.lower() in OTHER_OS_LIBS or name.startswith("windows."):
        return (), (), None, None
    if name in TOOLCHAIN_LIBS:
        return *TOOLCHAIN_LIBS[name], None, None
    for so in dict.fromkeys([f"lib{name}.so"] + ([f"{name}.so"] if name.startswith("lib") else [])):
        owner = _owner(index.files.dev_so.get(so) or index.files.static.get(so[:-3] + ".a"))
        if owner:
            return (), (), owner, so
    return (), (), None, f"lib{name}.so"


def _links_owner(links: str, index: SuiteIndex) -> tuple[str | None, str | None]:
    """The package behind a `links` key: as a pkg-config module, else as a link name."""
    bare = links.removeprefix("lib")
    for module in (links, f"lib{bare}"):
        if module in index.files.pc:
            return _owner(index.files.pc[module]), f"{module}.pc"
    _, _, owner, so = _link_name(bare, index)
    return owner, so


def _crate_source(facts: CrateFacts, found: dict[str, str], missing: list[str]) -> str:
    said = []
    if facts.pkg_config:
        said.append("pkg-config " + ", ".join(facts.pkg_config))
    if facts.link_libs or facts.static_libs:
        said.append("links " + ", ".join(dict.fromkeys(facts.link_libs + facts.static_libs)))
    if facts.computed:
        said.append("computes library names")
    if set(facts.tools) - {"pkg-config"}:
        said.append("runs " + ", ".join(t for t in facts.tools if t != "pkg-config"))
    script = f"{facts.build_script} " + "; ".join(said) if facts.build_script else "no build script"
    if facts.build_script and not said:
        script += "links nothing"
    if facts.attribute_libs:
        script += "; #[link] " + ", ".join(facts.attribute_libs)
    links = f"links key {facts.links}" if facts.links else "no links"
    source = f"crate {facts.version}: {script}, {links}"
    if found:
        source += "; " + ", ".join(f"{file} in {owner}" for file, owner in found.items()) + " (Contents)"
    if missing:
        source += "; no package ships " + ", ".join(missing)
    if facts.bundled:
        source += "; bundled by default?"
    return source


def _crate_kind(facts: CrateFacts, needs: Needs) -> str:
    empty = not (needs.libraries or needs.tools or needs.runtime)
    silent = not (facts.bundled or facts.links or facts.computed or facts.attribute_libs)
    return "nothing" if empty and silent else "crate"


def merge(debian: Row, crate: Row, facts: CrateFacts) -> Row:
    """One row for a crate both sources know. Debian's packaging wins, with a note where the crate's
    newest version says otherwise; when Debian's Depends name no library and the crate's files do
    (Debian relies on another librust package to pull it in), the crate's row wins."""
    if crate.needs.libraries and not debian.needs.libraries:
        return Row(crate.crate, crate.suite, crate.needs, f"{crate.source}; {debian.source} name no library", "crate")
    if crate.needs.libraries == debian.needs.libraries and not facts.bundled:
        return debian
    libraries = ", ".join(sorted(crate.needs.libraries)) or "no library"
    note = f"; crate {facts.version}'s own build script: {libraries}" + (", bundled by default?" if facts.bundled else "")
    return Row(debian.crate, debian.suite, debian.needs, debian.source + note, debian.kind)


def derive_rows(indexes: list[SuiteIndex], crates: list[CrateFacts]) -> list[Row]:
    """One row per (crate, suite): Debian's packaging first, the crate's build script otherwise."""
    by_key = {normal(f.name): f for f in crates}
    rows = []
    for index in indexes:
        own = {normal(f.name): crate_row(f, index) for f in crates}
        for crate, stanza in debian_crates(index).items():
            if not wanted_from_debian(crate, stanza, index, frozenset(by_key)):
                continue
            row = debian_row(by_key[crate].name if crate in by_key else crate, stanza, index)
            rows.append(merge(row, own.pop(crate), by_key[crate]) if crate in own else row)
        rows.extend(own.values())
    return sorted(rows, key=lambda r: (r.crate, r.suite))


# --- Format -----------------------------------------------------------------------------------

def format_tsv(rows: list[Row], suites: list[str], date: str) -> str:
    """The data file: header comment block, then one tab-separated line per (crate, suite)."""
    names = " and ".join([", ".join(suites[:-1]), suites[-1]] if len(suites) > 1 else suites)
    lines = [
        f"# Generated by scripts/natives-debian.py on {date} from Debian's Packages and Contents indexes",
        f"# (main, amd64) of {names}, and from the build scripts of the crates in scripts/natives-crates.txt.",
        "# Do not edit by hand: rerun `python3 scripts/natives-debian.py` (see docs/native-deps/debian.md).",
        "# crate\tsuite\tlibraries\ttools\truntime\tsource",
    ]
    for row in rows:
        columns = [row.needs.libraries, row.needs.tools, row.needs.runtime]
        lines.append("\t".join([row.crate, row.suite, *(",".join(sorted(c)) or "-" for c in columns),
                                row.source.replace("\t", " ")]))
    return "\n".join(lines) + "\n"


def coverage(rows: list[Row]) -> dict[tuple[str, str], int]:
    """(suite, kind) -> how many crates."""
    counts: defaultdict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        counts[(row.suite, row.kind)] += 1
    return dict(counts)


# --- Fetch: the Debian mirror and cargo (the only parts that touch the network) ---------------

def cache_dir() -> Path:
    """$XDG_CACHE_HOME/rustdock/debian, else /var/cache/rustdock/debian when writable, else ~/.cache."""
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "rustdock" / "debian"
    system = Path("/var/cache/rustdock")
    if os.access(system if system.exists() else system.parent, os.W_OK):
        return system / "debian"
    return Path.home() / ".cache" / "rustdock" / "debian"


def mirror_uri(suite: str) -> str:
    """The Debian mirror the machine's apt sources name for the suite (or for its own release)."""
    script = f'. "{ROOT}/scripts/apt-mirror.sh"; mirror_lines "$1"'
    lines = subprocess.run(["bash", "-c", script, "_", suite], capture_output=True, text=True, check=True).stdout
    if not lines.strip():
        raise SystemExit(f"natives-debian: no Debian mirror for {suite} in this machine's apt sources")
    return lines.split()[1].rstrip("/")


def download(url: str, path: Path) -> Path:
    """Fetch url into path unless the cached copy is as new as the mirror's (If-Modified-Since)."""
    request = urllib.request.Request(url)
    if path.exists():
        request.add_header("If-Modified-Since", formatdate(path.stat().st_mtime, usegmt=True))
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(path.suffix + ".part")
            partial.write_bytes(response.read())
            partial.replace(path)
            modified = response.headers.get("Last-Modified")
            if modified:
                stamp = datetime.datetime.strptime(modified, "%a, %d %b %Y %H:%M:%S %Z").timestamp()
                os.utime(path, (stamp, stamp))
    except urllib.error.HTTPError as error:
        if error.code != 304:
            raise
    return path


def fetch_indexes(suite: str) -> tuple[Path, Path]:
    """The suite's Packages.xz and Contents-amd64.gz (main), cached."""
    base = f"{mirror_uri(suite)}/dists/{suite}/main"
    folder = cache_dir() / suite
    return (download(f"{base}/binary-amd64/Packages.xz", folder / "Packages.xz"),
            download(f"{base}/Contents-amd64.gz", folder / "Contents-amd64.gz"))


def fetch_crate(crate: str, workdir: Path) -> Path | None:
    """Unpack the newest version of a crate with cargo: a throwaway project per crate (crates with
    the same `links` cannot share one dependency graph). Returns its source folder."""
    project = workdir / crate
    (project / "src").mkdir(parents=True)
    (project / "src" / "lib.rs").write_text("")
    (project / "Cargo.toml").write_text(
        f'[package]\nname = "natives-probe"\nversion = "0.0.0"\nedition = "2021"\n\n'
        f'[dependencies]\n"{crate}" = "*"\n')
    done = subprocess.run(["cargo", "fetch", "--quiet", "--target", "x86_64-unknown-linux-gnu"],
                          cwd=project, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        errors = [line for line in done.stderr.splitlines() if line.startswith("error")] or [done.stderr.strip()]
        print(f"natives-debian: {crate}: {errors[0]}", file=sys.stderr)
        return None
    lock = tomllib.loads((project / "Cargo.lock").read_text())
    version = next(p["version"] for p in lock["package"] if p["name"] == crate and "source" in p)
    cargo_home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    return next((cargo_home / "registry" / "src").glob(f"*/{crate}-{version}"), None)


def read_crate_list(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return list(dict.fromkeys(line for line in lines if line))


def crate_sources(args: argparse.Namespace) -> list[Path]:
    """Unpacked crate folders: the given folder's `<crate>-<version>/`, else fetched with cargo."""
    if args.crate_sources:
        return sorted(p for p in Path(args.crate_sources).iterdir() if (p / "Cargo.toml").is_file())
    folders = []
    with tempfile.TemporaryDirectory(prefix="natives-debian-") as workdir:
        for crate in read_crate_list(Path(args.crates)):
            folder = fetch_crate(crate, Path(workdir))
            if folder:
                folders.append(folder)
    return folders


# --- Main ---------------------------------------------------------------------------------------

def _open_text(path: Path) -> Iterator[str]:
    opener = {".xz": lzma.open, ".gz": gzip.open}.get(path.suffix, open)
    with opener(path, "rt", encoding="utf-8", errors="replace") as stream:
        yield from stream


def _pairs(values: list[str], option: str) -> dict[str, Path]:
    pairs = {}
    for value in values:
        suite, sep, path = value.partition("=")
        if not sep:
            raise SystemExit(f"natives-debian: {option} takes SUITE=FILE, not {value!r}")
        pairs[suite] = Path(path)
    return pairs


def load_index(suite: str, packages: dict[str, Path], contents: dict[str, Path]) -> SuiteIndex:
    if suite in packages and suite in contents:
        packages_file, contents_file = packages[suite], contents[suite]
    else:
        packages_file, contents_file = fetch_indexes(suite)
    return build_index(suite, "".join(_open_text(packages_file)), _open_text(contents_file))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suite", action="append", help="a Debian suite (repeatable; default bookworm, trixie)")
    parser.add_argument("--output", default=str(ROOT / "src/rustdock/natives-debian.tsv"))
    parser.add_argument("--crates", default=str(ROOT / "scripts/natives-crates.txt"), help="the crate list")
    parser.add_argument("--packages", action="append", default=[], metavar="SUITE=FILE",
                        help="a Packages index to read instead of the mirror's (plain, .gz or .xz)")
    parser.add_argument("--contents", action="append", default=[], metavar="SUITE=FILE",
                        help="a Contents index to read instead of the mirror's (plain or .gz)")
    parser.add_argument("--crate-sources", metavar="DIR", help="unpacked crates <crate>-<version>/ instead of cargo")
    parser.add_argument("--date", default=datetime.date.today().isoformat(), help="the date the header records")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    suites = args.suite or list(DEFAULT_SUITES)
    packages, contents = _pairs(args.packages, "--packages"), _pairs(args.contents, "--contents")
    crates = [read_crate(folder) for folder in crate_sources(args)]
    rows = derive_rows([load_index(suite, packages, contents) for suite in suites], crates)
    Path(args.output).write_text(format_tsv(rows, suites, args.date), encoding="utf-8")
    for (suite, kind), count in sorted(coverage(rows).items()):
        print(f"natives-debian: {suite}: {count} crates from {kind}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

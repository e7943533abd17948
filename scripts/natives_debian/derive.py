"""Derive one row per (crate, suite) from Debian's packaging and the crates' own files, and format the table."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .crate_list import Hint
from .crate_source import CrateFacts
from .debian_index import Stanza, SuiteIndex
from .knowledge import (BUILD_HELPER_CRATES, BUILD_MACHINE_PACKAGES, NOT_BUILD_NEEDS, PKG_CONFIG_CRATES,
                        PREFERRED_OWNERS, SAME_TOOL, TOOLCHAIN_LIBS)


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
    kind: str  # "debian", "crate", "hint" or "nothing": which source covers it, for the closing count


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
    one given, else that of every library. A tool is named the way SAME_TOOL says."""
    packages = {SAME_TOOL.get(p, p) for p in packages}
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

def crate_row(facts: CrateFacts, index: SuiteIndex, hint: Hint = Hint()) -> Row:
    """What a default build of the crate needs from this suite, from its own files, its hint and Contents."""
    found: dict[str, str] = {}  # file -> package that ships it
    missing: list[str] = []
    packages, runtime = set(facts.tools if hint.tools is None else hint.tools), set()
    if hint.bundled:
        needs = split_kinds(packages, index, ())
        source = f"{_crate_source(facts, found, missing, ask_bundled=False)}; {hint.summary()}"
        return Row(facts.name, index.suite, needs, source, "hint")
    for module in facts.pkg_config + hint.pkg_config:
        owner = _owner(index.files.pc.get(module))
        _record(owner, f"{module}.pc", found, missing)
        if owner:
            packages.add(owner)
            runtime |= runtime_of(owner, index)
    for name in dict.fromkeys(facts.link_libs + facts.attribute_libs + facts.static_libs + hint.libs):
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
    source = _crate_source(facts, found, missing, ask_bundled=not hint) + (f"; {hint.summary()}" if hint else "")
    return Row(facts.name, index.suite, needs, source, "hint" if hint else _crate_kind(facts, needs))


def _record(owner: str | None, file: str, found: dict[str, str], missing: list[str]) -> None:
    if owner:
        found.setdefault(file, owner)
    elif file not in missing:
        missing.append(file)


def _link_name(name: str, index: SuiteIndex) -> tuple[tuple[str, ...], tuple[str, ...], str | None, str | None]:
    """A -l name -> (tools, runtime) the compilers bring, or the package shipping libNAME.so/.a."""
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


def _crate_source(facts: CrateFacts, found: dict[str, str], missing: list[str], ask_bundled: bool = True) -> str:
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
    if facts.bundled and ask_bundled:
        source += "; bundled by default?"
    return source


def _crate_kind(facts: CrateFacts, needs: Needs) -> str:
    empty = not (needs.libraries or needs.tools or needs.runtime)
    silent = not (facts.bundled or facts.links or facts.computed or facts.attribute_libs)
    return "nothing" if empty and silent else "crate"


def merge(debian: Row, crate: Row, facts: CrateFacts) -> Row:
    """One row for a crate both sources know. Debian's packaging wins, with a note where the crate's
    newest version says otherwise; the crate's row wins when a hint says what its build script does (Debian
    may have patched it), or when Debian's Depends name no library and the crate's files do (Debian relies
    on another librust package to pull it in)."""
    if crate.kind == "hint" or (crate.needs.libraries and not debian.needs.libraries):
        said = ", ".join(sorted(debian.needs.libraries)) or "no library"
        return Row(crate.crate, crate.suite, crate.needs, f"{crate.source}; {debian.source} name {said}", crate.kind)
    if crate.needs.libraries == debian.needs.libraries and not facts.bundled:
        return debian
    libraries = ", ".join(sorted(crate.needs.libraries)) or "no library"
    note = f"; crate {facts.version}'s own build script: {libraries}" + (", bundled by default?" if facts.bundled else "")
    return Row(debian.crate, debian.suite, debian.needs, debian.source + note, debian.kind)


def derive_rows(indexes: list[SuiteIndex], crates: list[CrateFacts], hints: dict[str, Hint]) -> list[Row]:
    """One row per (crate, suite): Debian's packaging first, the crate's build script otherwise; none for a
    build helper or a crate whose hint says its needs hang on a feature without a default."""
    hints = {normal(crate): hint for crate, hint in hints.items()}
    left_out = BUILD_HELPER_CRATES.keys() | {crate for crate, hint in hints.items() if hint.no_row}
    crates = [facts for facts in crates if normal(facts.name) not in left_out]
    by_key = {normal(f.name): f for f in crates}
    rows = []
    for index in indexes:
        own = {key: crate_row(f, index, hints.get(key, Hint())) for key, f in by_key.items()}
        for crate, stanza in debian_crates(index).items():
            if crate in left_out or not wanted_from_debian(crate, stanza, index, frozenset(by_key)):
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


"""Parse Debian's Packages and Contents indexes into what the derivation asks of a suite."""

from __future__ import annotations

import gzip
import lzma
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .knowledge import MULTIARCH


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



def open_text(path: Path) -> Iterator[str]:
    """The lines of a plain, .gz or .xz index."""
    opener = {".xz": lzma.open, ".gz": gzip.open}.get(path.suffix, open)
    with opener(path, "rt", encoding="utf-8", errors="replace") as stream:
        yield from stream

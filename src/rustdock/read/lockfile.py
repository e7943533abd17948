"""Cargo.lock as a graph: every package the workspace can compile and what each depends on.

Cargo resolves the lockfile for every feature of every member and every target platform, so
it holds more than one build compiles; closure.py narrows it to what this build needs. The
format is Cargo's (versions 1 to 4): a dependency is written `name`, `name version` or
`name version (source)`, as short as still unambiguous.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rustdock.errors import RustdockError
from rustdock.read.readers import load_toml

LOCKFILE = "Cargo.lock"


@dataclass(frozen=True)
class LockedPackage:
    name: str
    version: str
    source: str | None  # None: a workspace member or another path dependency
    dependencies: tuple[str, ...]  # ids of the locked packages it depends on

    @property
    def id(self) -> str:
        return f"{self.name} {self.version} ({self.source or 'path'})"


@dataclass(frozen=True)
class Lockfile:
    packages: tuple[LockedPackage, ...]

    @cached_property
    def by_id(self) -> dict[str, LockedPackage]:
        return {p.id: p for p in self.packages}

    def named(self, name: str) -> list[LockedPackage]:
        return [p for p in self.packages if p.name == name]

    @cached_property
    def edges(self) -> dict[str, set[str]]:
        """Each package name → the names of what any locked package of that name depends on."""
        graph: dict[str, set[str]] = {}
        for package in self.packages:
            graph.setdefault(package.name, set()).update(self.by_id[d].name for d in package.dependencies)
        return graph

    def walk(self, starts: Iterable[str], seen: Iterable[str] = ()) -> frozenset[str]:
        """The names in `seen` and `starts`, and of every package `starts` depend on, directly or not,
        through every locked edge (a lockfile says neither an edge's kind nor its platform). A name in
        `seen` is not walked from unless it is in `starts`."""
        found, pending = set(seen) | set(starts), list(starts)
        while pending:
            for name in self.edges.get(pending.pop(), ()):
                if name not in found:
                    found.add(name)
                    pending.append(name)
        return frozenset(found)


def read_lockfile(root: Path) -> Lockfile | None:
    """The workspace's Cargo.lock, or None when there is none."""
    path = root / LOCKFILE
    if not path.exists():
        return None
    entries = load_toml(path).get("package", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RustdockError(f"{path}: [[package]] must be an array of tables")
    raw = []
    for n, entry in enumerate(entries):
        name, version, source = entry.get("name"), entry.get("version"), entry.get("source")
        dependencies = entry.get("dependencies", [])
        if not isinstance(name, str) or not isinstance(version, str) or not isinstance(source, (str, type(None))):
            raise RustdockError(f"{path}: package #{n + 1} needs a string name and version")
        if not isinstance(dependencies, list) or not all(isinstance(d, str) for d in dependencies):
            raise RustdockError(f"{path}: package {name!r}: dependencies must be a list of strings")
        raw.append((name, version, source, dependencies))
    index: dict[str, list[tuple[str, str | None]]] = {}
    for name, version, source, _ in raw:
        index.setdefault(name, []).append((version, source))
    packages = tuple(
        LockedPackage(name, version, source, tuple(_resolve(d, index, path, name) for d in dependencies))
        for name, version, source, dependencies in raw
    )
    return Lockfile(packages)


def _resolve(reference: str, index: dict[str, list[tuple[str, str | None]]], path: Path, owner: str) -> str:
    """The id of the package a dependency entry names."""
    name, _, rest = reference.partition(" ")
    version, _, source = rest.partition(" ")
    source = source.strip("()") or None
    candidates = [
        (v, s) for v, s in index.get(name, [])
        if (not version or v == version) and (source is None or s == source)
    ]
    if len(candidates) != 1:
        raise RustdockError(f"{path}: package {owner!r} depends on {reference!r}, which names "
                            f"{'no' if not candidates else 'more than one'} locked package")
    found_version, found_source = candidates[0]
    return LockedPackage(name, found_version, found_source, ()).id

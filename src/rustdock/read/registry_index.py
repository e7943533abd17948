"""Cargo's registry index cache: what the manifest of a locked registry crate says, where this
machine has it.

Cargo.lock records which crates a build may compile, not their features, their dependencies'
kinds and platforms, or their `links` key. The registry index has all of that, and Cargo keeps
every index entry it has read under $CARGO_HOME/registry/index/<registry>/.cache/, one file a
crate (any `cargo build`, `fetch` or `generate-lockfile` of the project writes them). Nothing is
fetched here: a crate without a cached entry is unknown, and the caller assumes the most.

The file format is Cargo's `index_cache` version 3: a version byte, the index format version
(u32, little endian), a revision string, then for each version of the crate its number and its
index line (JSON), each ended by a NUL byte.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

CACHE_VERSION = 3
KINDS = ("normal", "build", "dev")


@dataclass(frozen=True)
class IndexDependency:
    key: str  # the name the dependent's features use (`x/feature`, `dep:x`): the rename, if any
    package: str  # the crate it resolves to
    kind: str  # "normal", "build" or "dev"
    optional: bool
    features: tuple[str, ...]
    default_features: bool
    platform: str | None  # a `cfg(...)` or a target triple: the dependency applies only there


@dataclass(frozen=True)
class IndexEntry:
    """One version of a registry crate, as its published manifest declares it."""

    name: str
    version: str
    dependencies: tuple[IndexDependency, ...]
    features: tuple[tuple[str, tuple[str, ...]], ...]  # feature → what it turns on, `features2` merged in
    links: str | None  # the native library the crate's build script links, by Cargo's `links` key

    def feature_table(self) -> dict[str, tuple[str, ...]]:
        return dict(self.features)


class RegistryIndex:
    """The index entries cached under one Cargo home; `entry` answers None where there is none."""

    def __init__(self, cargo_home: Path | None) -> None:
        roots = sorted((cargo_home / "registry" / "index").glob("*/.cache")) if cargo_home else []
        self._roots = tuple(r for r in roots if r.is_dir())

    def entry(self, name: str, version: str) -> IndexEntry | None:
        for root in self._roots:
            found = _read_entry(root / _index_path(name), version)
            if found is not None:
                return found
        return None


def cargo_home() -> Path | None:
    """Where Cargo keeps its registry caches: $CARGO_HOME, else ~/.cargo."""
    configured = os.environ.get("CARGO_HOME")
    if configured:
        return Path(configured)
    try:
        return Path.home() / ".cargo"
    except RuntimeError:  # no home directory to speak of
        return None


def _index_path(name: str) -> str:
    """Where the index keeps a crate (Cargo's `make_dep_path`): 1/a, 2/ab, 3/a/abc, ab/cd/abcd…"""
    lower = name.lower()
    if len(lower) <= 2:
        return f"{len(lower)}/{lower}"
    if len(lower) == 3:
        return f"3/{lower[0]}/{lower}"
    return f"{lower[:2]}/{lower[2:4]}/{lower}"


@cache
def _read_entry(path: Path, version: str) -> IndexEntry | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) < 5 or data[0] != CACHE_VERSION:
        return None  # another cache format: unknown rather than misread
    fields = data[5:].split(b"\0")
    wanted = version.encode()
    # fields: revision, then version, line, version, line, …
    for number, line in zip(fields[1::2], fields[2::2]):
        if number == wanted:
            import json  # only where an entry is cached: `rustdock check` on a project without one skips it

            try:
                return _entry(json.loads(line))
            except (ValueError, TypeError, KeyError, AttributeError):
                return None
    return None


def _entry(line: dict[str, Any]) -> IndexEntry:
    features = {**line.get("features", {}), **line.get("features2", {})}
    return IndexEntry(
        name=line["name"],
        version=line["vers"],
        dependencies=tuple(
            IndexDependency(
                key=dep["name"],
                package=dep.get("package") or dep["name"],
                kind=dep.get("kind") or "normal",
                optional=bool(dep.get("optional", False)),
                features=tuple(dep.get("features") or ()),
                default_features=bool(dep.get("default_features", True)),
                platform=dep.get("target"),
            )
            for dep in line.get("deps", [])
            if (dep.get("kind") or "normal") in KINDS
        ),
        features=tuple(sorted((name, tuple(values)) for name, values in features.items())),
        links=line.get("links"),
    )

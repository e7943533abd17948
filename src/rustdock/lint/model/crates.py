"""Which crates a project's binaries may link, read from the build context: Cargo.lock's graph,
walked from the root package's normal dependencies.

Enough to tell a -sys crate that no binary links (absent from the lockfile, or reached only as a
build- or dev-dependency of the root package) from one that may be linked. It over-approximates,
so that it never drops a crate a binary links: past the first step every locked edge is followed,
and in a workspace every member's locked edges (a lockfile does not say which edges are which kind).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rustdock.errors import RustdockError
from rustdock.knowledge.cfg import matches
from rustdock.read.lockfile import read_lockfile
from rustdock.read.readers import load_toml

NORMAL = "dependencies"  # [build-dependencies] and [dev-dependencies] are not linked into a binary


def linked_crates(root: Path, triple: str) -> frozenset[str] | None:
    """Names of the crates a binary built at `root` for `triple` may link; None: the context cannot say."""
    try:
        lock = read_lockfile(root)
    except RustdockError:
        return None  # a lockfile cargo would refuse too
    if lock is None or not lock.packages:
        return None
    members = {p.name for p in lock.packages if p.source is None}  # workspace members and path dependencies
    manifest = _toml(root / "Cargo.toml")
    package = manifest.get("package")
    if isinstance(package, Mapping) and "workspace" not in manifest and package.get("name") in lock.edges:
        roots = {package["name"]}
        starts = _normal_dependencies(manifest, triple) & lock.edges[package["name"]]  # not its locked edges: all kinds
    else:
        roots = members
        starts = {name for member in members for name in lock.edges[member]}
    return lock.walk(starts, seen=roots)


def _normal_dependencies(manifest: Mapping[str, Any], triple: str) -> set[str]:
    """The crates the manifest's [dependencies] name, platform tables that may apply included."""
    tables = [manifest.get(NORMAL)]
    targets = manifest.get("target")
    if isinstance(targets, Mapping):
        tables += [
            table.get(NORMAL)
            for spec, table in targets.items()
            if isinstance(table, Mapping) and matches(spec, triple) is not False
        ]
    names = set()
    for table in tables:
        for key, value in (table.items() if isinstance(table, Mapping) else ()):
            renamed = value.get("package") if isinstance(value, Mapping) else None
            names.add(renamed if isinstance(renamed, str) else key)
    return names


def _toml(path: Path) -> dict[str, Any]:
    try:
        return load_toml(path)
    except RustdockError:
        return {}  # no file, or one cargo would refuse too: it names no dependencies

"""Which crates a project's binaries may link, read from the build context: Cargo.lock's graph,
walked from the root package's normal dependencies.

Enough to tell a -sys crate that no binary links (absent from the lockfile, or reached only as a
build- or dev-dependency of the root package) from one that may be linked. It over-approximates,
so that it never drops a crate a binary links: past the first step every locked edge is followed,
and in a workspace every member's locked edges (a lockfile does not say which edges are which kind).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rustdock.knowledge.cfg import matches

NORMAL = "dependencies"  # [build-dependencies] and [dev-dependencies] are not linked into a binary


def linked_crates(root: Path, triple: str) -> frozenset[str] | None:
    """Names of the crates a binary built at `root` for `triple` may link; None: the context cannot say."""
    lock = _toml(root / "Cargo.lock")
    packages = lock.get("package") if lock else None
    if not isinstance(packages, list):
        return None
    graph: dict[str, set[str]] = {}
    members = set()
    for package in packages:
        if not isinstance(package, Mapping) or not isinstance(package.get("name"), str):
            return None
        dependencies = package.get("dependencies", [])
        names = {d.split()[0] for d in dependencies if isinstance(d, str) and d.split()}
        graph.setdefault(package["name"], set()).update(names)
        if "source" not in package:
            members.add(package["name"])  # a workspace member or a path dependency
    manifest = _toml(root / "Cargo.toml") or {}
    package = manifest.get("package")
    if isinstance(package, Mapping) and "workspace" not in manifest and package.get("name") in graph:
        roots = {package["name"]}
        starts = _normal_dependencies(manifest, triple) & graph[package["name"]]  # not its locked edges: all kinds
    else:
        roots = members
        starts = {name for member in members for name in graph[member]}
    seen, pending = roots | starts, list(starts)
    while pending:
        for name in graph.get(pending.pop(), ()):
            if name not in seen:
                seen.add(name)
                pending.append(name)
    return frozenset(seen)


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


def _toml(path: Path) -> dict[str, Any] | None:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError):
        return None  # no file, or one cargo would refuse too: the context cannot say

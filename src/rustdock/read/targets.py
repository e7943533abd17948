"""Cargo's binary targets: `[[bin]]` tables, and the files Cargo infers them from when a manifest
does not list them (the Cargo book, "Cargo Targets": target auto-discovery, `autobins`, the
edition 2015 locations). `cargo metadata --no-deps` is the oracle the tests compare with.
"""

from __future__ import annotations

import os
import posixpath
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rustdock.errors import RustdockError
from rustdock.read.readers import file_mode, is_dir, is_file, kind, normalize_path


@dataclass(frozen=True)
class Binary:
    """A `bin` target: its name, the package it belongs to and its source file."""

    name: str
    package: str
    path: str  # POSIX path relative to the workspace root
    required_features: tuple[str, ...] = ()


def read_binaries(
    root: Path,
    directory: str,
    package_name: str,
    edition: str,
    package: dict[str, Any],
    declared: Any,
    where: str,
) -> tuple[Binary, ...]:
    """Cargo's bin discovery: inferred bins, `[[bin]]` entries, `autobins` and edition 2015."""
    package_dir = root / directory
    inferred = _inferred_bins(package_dir, package_name)
    autobins = package.get("autobins")

    if declared is None:
        targets = [] if autobins is False else [{"name": n, "path": p} for n, p in inferred]
    else:
        if not isinstance(declared, list) or not all(isinstance(t, dict) for t in declared):
            raise RustdockError(f"{where}: [[bin]] must be an array of tables")
        targets = [dict(t) for t in declared]
        for t in targets:
            if not isinstance(t.get("name"), str) or not t["name"]:
                raise RustdockError(f"{where}: every [[bin]] needs a name")
            if "path" in t and not isinstance(t["path"], str):
                raise RustdockError(f"{where}: [[bin]] {t['name']!r}: path must be a string, not {kind(t['path'])}")
        names = {t["name"] for t in targets}
        paths = {normalize_path(t["path"]) for t in targets if isinstance(t.get("path"), str)}
        # A declared bin with a discovered bin's name (or file) configures it instead of adding one.
        remaining = [(n, p) for n, p in inferred if n not in names and p not in paths]
        if autobins is None:
            autobins = edition != "2015"
        if autobins:
            targets += [{"name": n, "path": p} for n, p in remaining]

    binaries = []
    for t in targets:
        name = t["name"]
        path = t.get("path")
        if path is None:
            path = _infer_bin_path(package_dir, name, package_name, edition, inferred, where)
        required = t.get("required-features", [])
        if not isinstance(required, list) or not all(isinstance(f, str) for f in required):
            raise RustdockError(f"{where}: [[bin]] {name!r}: required-features must be a list of strings")
        rel = normalize_path(posixpath.join(directory, path))  # as str(PurePosixPath(directory) / path), then normalized
        binaries.append(Binary(name=name, package=package_name, path=rel, required_features=tuple(required)))
    return tuple(binaries)


def _inferred_bins(package_dir: Path, package_name: str) -> list[tuple[str, str]]:
    found = []
    if is_file(f"{package_dir}/src/main.rs"):
        found.append((package_name, "src/main.rs"))
    bin_dir = f"{package_dir}/src/bin"
    if is_dir(bin_dir):
        with os.scandir(bin_dir) as entries:
            listed = sorted(entries, key=lambda e: e.name)  # the order of sorted(Path.iterdir())
        for entry in listed:
            name = entry.name
            if name.startswith("."):
                continue
            mode = _entry_mode(entry)
            if mode is not None and stat.S_ISREG(mode) and name.endswith(".rs"):  # Path.suffix == ".rs"
                found.append((name[: -len(".rs")], f"src/bin/{name}"))
            elif mode is not None and stat.S_ISDIR(mode) and is_file(f"{entry.path}/main.rs"):
                found.append((name, f"src/bin/{name}/main.rs"))
    return found


def _entry_mode(entry: os.DirEntry[str]) -> int | None:
    """The kind of a listed entry, as Path.is_file and is_dir see it: the listing knows all but a symlink's."""
    if entry.is_symlink():
        return file_mode(entry.path)
    if entry.is_dir(follow_symlinks=False):
        return stat.S_IFDIR
    return stat.S_IFREG if entry.is_file(follow_symlinks=False) else 0


def _infer_bin_path(
    package_dir: Path,
    name: str,
    package_name: str,
    edition: str,
    inferred: list[tuple[str, str]],
    where: str,
) -> str:
    matches = [p for n, p in inferred if n == name]
    if len(matches) == 1:
        return matches[0]
    candidates = [f"src/bin/{name}.rs", f"src/bin/{name}/main.rs"]
    if name == package_name:
        candidates.append("src/main.rs")
    existing = [c for c in candidates if (package_dir / c).is_file()]
    if len(existing) == 1:
        return existing[0]
    if not existing and edition == "2015":
        # Cargo's legacy locations, still honoured for edition 2015.
        legacy = [f"src/{name}.rs"] if not (package_dir / "src" / "lib.rs").is_file() else []
        legacy += ["src/main.rs", "src/bin/main.rs"]
        found = next((c for c in legacy if (package_dir / c).is_file()), None)
        if found:
            return found
    raise RustdockError(
        f"{where}: cannot infer the path of [[bin]] {name!r}; set `path` "
        f"(looked for {', '.join(candidates)})"
    )

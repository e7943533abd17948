"""Read a Cargo project the way Cargo sees it: packages, workspace, toolchain (targets.py the binaries).

Reading only: everything here becomes frozen dataclasses. The rules follow the Cargo book
("Cargo Targets", "Workspaces"); `cargo metadata --no-deps` is the oracle the tests compare with.
"""

from __future__ import annotations

import glob
import os
import re
from collections import deque
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from rustdock.errors import RustdockError
from rustdock.read.dependencies import Dependency, read_dependencies
from rustdock.read.lockfile import Lockfile, read_lockfile
from rustdock.read.readers import get_string, get_table, is_dir, is_file, kind, load_toml, normalize_path
from rustdock.read.targets import Binary, read_binaries
from rustdock.read.toolchain import Toolchain, build_config, toolchain_file

MANIFEST = "Cargo.toml"
# Cargo's rule for package names (cargo's restricted_names and validate_package_name), in ASCII:
# what rustdock can put into stage names and cache ids.
PACKAGE_NAME = re.compile(r"\A[A-Za-z_][A-Za-z0-9_-]{0,63}\Z")


@dataclass(frozen=True)
class Package:
    name: str
    directory: str  # POSIX path relative to the workspace root; "." for the root package
    edition: str
    binaries: tuple[Binary, ...]
    features: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    default_run: str | None = None
    rust_version: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict, compare=False)
    dependencies: tuple[Dependency, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Project:
    """A workspace (or a lone package, which Cargo treats as a workspace of one)."""

    root: Path
    manifest: dict[str, Any] = field(compare=False)
    packages: tuple[Package, ...]
    default_members: tuple[str, ...]  # names of the packages a bare `cargo build` builds
    root_package: str | None
    has_lockfile: bool
    toolchain: Toolchain | None
    target_dir: str = "target"  # build.target-dir of .cargo/config.toml: relative to the root, or absolute
    build_target: str | None = None  # build.target of .cargo/config.toml
    lockfile: Lockfile | None = field(default=None, compare=False)
    cargo_config: dict[str, Any] = field(default_factory=dict, compare=False)  # root .cargo/config(.toml)
    cargo_config_path: str | None = None

    @property
    def toolchain_channel(self) -> str | None:
        return self.toolchain.channel if self.toolchain else None

    @property
    def is_workspace(self) -> bool:
        return "workspace" in self.manifest

    @property
    def binaries(self) -> tuple[Binary, ...]:
        return tuple(b for p in self.packages for b in p.binaries)

    def package(self, name: str) -> Package:
        return self._packages_by_name[name]

    @cached_property
    def _packages_by_name(self) -> dict[str, Package]:
        return {p.name: p for p in self.packages}


def read_project(directory: Path) -> Project:
    """Read the workspace (or package) whose root manifest is `directory/Cargo.toml`."""
    root = _resolve(directory)
    manifest_path = root / MANIFEST
    if not manifest_path.exists():
        raise RustdockError(f"{manifest_path}: no such file (is {directory} a Cargo project?)")
    manifest = load_toml(manifest_path)
    if "package" not in manifest and "workspace" not in manifest:
        raise RustdockError(f"{manifest_path}: has neither [package] nor [workspace]")
    if "workspace" not in manifest:
        _refuse_member_of_parent(root)

    workspace = get_table(manifest, "workspace", str(manifest_path))
    get_table(workspace, "dependencies", f"{manifest_path}: workspace")
    get_table(workspace, "package", f"{manifest_path}: workspace")
    packages = tuple(
        _read_package(root, d, member, workspace, dependencies)
        for d, (member, dependencies) in _member_manifests(root, manifest).items()
    )
    _refuse_duplicate_names(packages)
    by_dir = {p.directory: p.name for p in packages}

    root_package = by_dir.get(".")
    if "default-members" in workspace:
        dirs = _expand(root, workspace["default-members"], "workspace.default-members")
        missing = [d for d in dirs if d not in by_dir]
        if missing:
            raise RustdockError(
                f"{manifest_path}: default-members names {missing[0]!r}, which is not a member"
            )
        default_members = tuple(by_dir[d] for d in dirs)
    elif root_package is not None:
        default_members = (root_package,)
    else:
        default_members = tuple(p.name for p in packages)

    lockfile = read_lockfile(root)
    return Project(
        root=root,
        manifest=manifest,
        packages=packages,
        default_members=default_members,
        root_package=root_package,
        has_lockfile=lockfile is not None,
        toolchain=toolchain_file(root),
        lockfile=lockfile,
        **build_config(root),
    )


def _resolve(path: Path) -> Path:
    """The absolute, symlink-free path; a symlink loop is bad input, not a crash."""
    try:
        return path.resolve()
    except (OSError, RuntimeError) as e:
        raise RustdockError(f"{path}: cannot resolve: {e}") from None


def _refuse_member_of_parent(root: Path) -> None:
    """A package inside another workspace must be built from that workspace's root."""
    for parent in root.parents:
        manifest_path = parent / MANIFEST
        if not manifest_path.is_file():
            continue
        manifest = load_toml(manifest_path)
        if "workspace" in manifest and _rel(root, parent) in _member_manifests(parent, manifest):
            raise RustdockError(
                f"{root} is a member of the workspace at {parent}; run rustdock there"
            )


def _member_manifests(
    root: Path, manifest: dict[str, Any]
) -> dict[str, tuple[dict[str, Any], tuple[Dependency, ...] | None]]:
    """Member directories, in Cargo's order (the root package, listed members, path
    dependencies), with their parsed manifests and, in a workspace, their dependencies."""
    workspace = manifest.get("workspace")
    found: dict[str, tuple[dict[str, Any], tuple[Dependency, ...] | None]] = {}
    queue = deque(["."] if "package" in manifest else [])
    if workspace is not None:
        excluded = [normalize_path(e) for e in _string_list(workspace.get("exclude", []), "workspace.exclude")]
        listed = [normalize_path(m) for m in _string_list(workspace.get("members", []), "workspace.members")]

        def is_excluded(d: str) -> bool:
            # Cargo: `exclude` never wins over a path at or under a literal `members` entry.
            return _is_under(d, excluded) and not _is_under(d, listed)

        queue += [d for d in _expand(root, workspace.get("members", []), "workspace.members") if not is_excluded(d)]
    while queue:
        d = queue.popleft()
        if d in found:
            continue
        manifest_path = _member_file(root, d, MANIFEST)
        if d == ".":
            member = manifest
        elif is_file(manifest_path):
            member = load_toml(manifest_path)
        else:
            raise RustdockError(f"{root / MANIFEST}: member {d!r} has no {MANIFEST}")
        if workspace is None:
            found[d] = (member, None)
            break
        dependencies = read_dependencies(member, workspace.get("dependencies", {}), manifest_path)
        found[d] = (member, dependencies)
        # Path dependencies inside the workspace root become members too.
        for dep_dir in _path_dependencies(root, d, dependencies):
            if dep_dir not in found and not is_excluded(dep_dir):
                queue.append(dep_dir)
    return found


def _is_under(path: str, prefixes: list[str]) -> bool:
    return any(path == p or path.startswith(p + "/") or p == "." for p in prefixes)


def _path_dependencies(root: Path, member_dir: str, dependencies: tuple[Dependency, ...]) -> list[str]:
    """Directories of the member's path dependencies, `dep.workspace = true` ones included."""
    found = []
    for dependency in dependencies:
        if dependency.path is not None:
            base = "." if dependency.inherited else member_dir
            target = _resolve(root / base / dependency.path)
            if (target / MANIFEST).is_file() and target.is_relative_to(root):
                found.append(_rel(target, root))
    return found


def _expand(root: Path, patterns: Any, key: str) -> list[str]:
    """Expand member globs the way Cargo does: every matching directory, dot-directories too."""
    dirs: list[str] = []
    seen: set[str] = set()
    for pattern in _string_list(patterns, key):
        pattern = normalize_path(pattern)
        if glob.has_magic(pattern):
            matches = sorted(glob.glob(glob.escape(str(root)) + "/" + pattern, include_hidden=True))
            found = [_rel(m, root) for m in matches if is_dir(m)]
        else:
            found = [pattern]
        new = [d for d in found if d not in seen]
        dirs += new
        seen.update(new)
    return dirs


def _rel(path: str | Path, root: Path) -> str:
    return os.path.relpath(path, root)  # already what PurePosixPath(...).as_posix() would make of it


# The member loops run for every member; on a workspace of a thousand members, building Path
# objects for them cost more than the file system calls (see bench/README.md).
def _member_file(root: Path, directory: str, name: str) -> str:
    """`str(root / directory / name)` for a member directory (always normalized here), without Paths."""
    return os.path.join(root, name) if directory == "." else os.path.join(root, directory, name)


def _string_list(value: Any, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RustdockError(f"{key} must be a list of strings")
    return value


def _refuse_duplicate_names(packages: tuple[Package, ...]) -> None:
    seen: dict[str, str] = {}
    for p in packages:
        if p.name in seen:
            raise RustdockError(
                f"two workspace members are both named {p.name!r}: {seen[p.name]} and {p.directory}"
            )
        seen[p.name] = p.directory


def _inherited(package: dict[str, Any], key: str, workspace: dict[str, Any], where: str) -> str | None:
    """`key.workspace = true` reads the value from [workspace.package]; a string or nothing."""
    value = package.get(key)
    if isinstance(value, dict) and value.get("workspace") is True:
        return get_string(workspace.get("package", {}), key, f"{where}: workspace.package")
    if value is not None and not isinstance(value, (str, int, float)):
        raise RustdockError(f"{where}: package.{key} must be a string, not {kind(value)}")
    return None if value is None else str(value)


def _read_package(
    root: Path, directory: str, manifest: dict[str, Any], workspace: dict[str, Any],
    dependencies: tuple[Dependency, ...] | None = None,
) -> Package:
    where = _member_file(root, directory, MANIFEST)
    package = manifest.get("package")
    if not isinstance(package, dict) or not isinstance(package.get("name"), str):
        raise RustdockError(f"{where}: [package] with a name is required for a workspace member")
    name = package["name"]
    if not PACKAGE_NAME.match(name):
        raise RustdockError(
            f"{where}: package name {name!r} is not one rustdock can use: ASCII letters, digits, `-` and `_`, "
            "at most 64, not starting with a digit (Cargo's rule for names in the crate registry)"
        )
    edition = _inherited(package, "edition", workspace, where) or "2015"
    rust_version = _inherited(package, "rust-version", workspace, where)
    features = {}
    for feature, entries in get_table(manifest, "features", where).items():
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            raise RustdockError(f"{where}: features.{feature} must be an array of strings")
        features[feature] = tuple(entries)
    for key, kinds in (("default-run", str), ("autobins", bool)):
        if key in package and not isinstance(package[key], kinds):
            raise RustdockError(f"{where}: package.{key} must be {kind(kinds())}, not {kind(package[key])}")
    binaries = read_binaries(root, directory, name, edition, package, manifest.get("bin"), where)
    if dependencies is None:  # a workspace's members had theirs read while they were found
        dependencies = read_dependencies(manifest, workspace.get("dependencies", {}), where)
    return Package(
        name=name,
        directory=directory,
        edition=edition,
        binaries=binaries,
        features=features,
        default_run=package.get("default-run"),
        rust_version=rust_version,
        metadata=get_table(package, "metadata", f"{where}: package"),
        dependencies=dependencies,
    )



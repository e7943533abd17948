"""A member's dependency tables as Cargo reads them: [dependencies], [build-dependencies],
[dev-dependencies], the same under [target.<spec>], and `workspace = true` inheritance.

Reading only. What the build compiles out of them is decided in closure.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rustdock.errors import RustdockError

KINDS = (("dependencies", "normal"), ("build-dependencies", "build"), ("dev-dependencies", "dev"))
# Cargo still accepts the old spellings with an underscore.
LEGACY_KINDS = (("build_dependencies", "build"), ("dev_dependencies", "dev"))


@dataclass(frozen=True)
class Dependency:
    """One dependency of a member, under the name its manifest uses."""

    key: str  # the name in the manifest: features say `key/feature`, `dep:key`
    package: str  # the package it resolves to (`package = "..."` renames it)
    kind: str  # "normal", "build" or "dev"
    optional: bool
    features: tuple[str, ...]
    default_features: bool
    platform: str | None  # the `[target.<spec>]` table it is declared in
    path: str | None  # a path dependency's path
    inherited: bool  # `workspace = true`: the path is relative to the workspace root, not the member
    registry: str | None = None  # an alternate registry's name (`registry = "acme"`)
    git: str | None = None  # a git dependency's URL


def read_dependencies(manifest: dict[str, Any], inherited: Any, where: str) -> tuple[Dependency, ...]:
    """Every dependency the manifest declares; `inherited` is the root's [workspace.dependencies]."""
    if not isinstance(inherited, dict):
        raise RustdockError(f"{where}: workspace.dependencies must be a table")
    tables = [(None, manifest)]
    targets = manifest.get("target", {})
    if not isinstance(targets, dict) or not all(isinstance(t, dict) for t in targets.values()):
        raise RustdockError(f"{where}: [target] must hold tables like [target.'cfg(unix)'.dependencies]")
    tables += list(targets.items())
    found = []
    for platform, table in tables:
        for section, kind in KINDS + LEGACY_KINDS:
            entries = table.get(section, {})
            prefix = f"target.{platform}." if platform else ""
            if not isinstance(entries, dict):
                raise RustdockError(f"{where}: {prefix}{section} must be a table")
            for key, spec in entries.items():
                found.append(_dependency(key, spec, kind, platform, inherited, f"{where}: {prefix}{section}.{key}"))
    return tuple(found)


def _dependency(key: str, spec: Any, kind: str, platform: str | None, inherited: dict[str, Any], where: str) -> Dependency:
    if isinstance(spec, str):
        spec = {"version": spec}
    if not isinstance(spec, dict):
        raise RustdockError(f"{where}: expected a version string or a table")
    features = list(_strings(spec.get("features", []), f"{where}.features"))
    if spec.get("workspace") is True:
        # `dep = { workspace = true, features = [...] }` adds features to the root's declaration.
        base = inherited.get(key)
        if base is None:
            raise RustdockError(f"{where}: `workspace = true` but [workspace.dependencies] has no {key!r}")
        if isinstance(base, str):
            base = {"version": base}
        if not isinstance(base, dict):
            raise RustdockError(f"{where}: workspace.dependencies.{key} must be a version string or a table")
        features = list(_strings(base.get("features", []), f"workspace.dependencies.{key}.features")) + features
        spec = base | {k: v for k, v in spec.items() if k in ("optional",)}
        path, inherited_from_root = base.get("path"), True
    else:
        path, inherited_from_root = spec.get("path"), False
    package = spec.get("package", key)
    for name, value, kind_name in (
        ("package", package, str), ("path", path, (str, type(None))),
        ("registry", spec.get("registry"), (str, type(None))), ("git", spec.get("git"), (str, type(None))),
        ("optional", spec.get("optional", False), bool),
        ("default-features", spec.get("default-features", spec.get("default_features", True)), bool),
    ):
        if not isinstance(value, kind_name):
            raise RustdockError(f"{where}.{name}: wrong type {type(value).__name__}")
    return Dependency(
        key=key,
        package=package,
        kind=kind,
        optional=spec.get("optional", False),
        features=tuple(dict.fromkeys(features)),
        default_features=spec.get("default-features", spec.get("default_features", True)),
        platform=platform,
        path=path,
        inherited=inherited_from_root,
        registry=spec.get("registry"),
        git=spec.get("git"),
    )


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RustdockError(f"{where} must be a list of strings")
    return value

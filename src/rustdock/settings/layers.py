"""Where settings and templates come from, and which one wins.

Settings: built-in defaults < template pack < org config < project config < command line.
Templates: project folder, then the org's (RUSTDOCK_TEMPLATES, then the user config dir), then
the pack's, then the built-ins (always reachable as `rustdock/<name>` too).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
import importlib.util
from pathlib import Path
from typing import Any

from rustdock.errors import RustdockError
from rustdock.read.cargo import MANIFEST
from rustdock.read.readers import load_toml
from rustdock.settings.config import SETTINGS, Config, make_config, parse_table, project_table

PACK_GROUP = "rustdock.templates"
PACK_CONFIG = "rustdock.toml"
PACK_TEMPLATES = "templates"
BUILTIN_PREFIX = "rustdock"  # `{% extends "rustdock/Dockerfile.j2" %}` reaches the built-ins
COMMAND_LINE = "command line"


@dataclass(frozen=True)
class Layer:
    name: str  # "defaults", "pack acme", "org", "project", "command line"
    source: str  # the file (or entry point, or flag) the values were read from
    values: Mapping[str, Any]


@dataclass(frozen=True)
class TemplateDir:
    layer: str
    path: Path
    prefix: str | None = None  # also reachable as `<prefix>/<name>`, so an override can extend it


@dataclass(frozen=True)
class Pack:
    name: str
    source: str
    config: Path | None
    templates: Path | None


@dataclass(frozen=True)
class Settings:
    config: Config
    layers: tuple[Layer, ...]  # lowest precedence first
    template_dirs: tuple[TemplateDir, ...]  # lookup order, first match wins; the built-ins last
    project_table: str | None  # e.g. "package.metadata.rustdock"

    def origin(self, key: str) -> Layer:
        """The layer whose value of `key` is in effect."""
        return next(layer for layer in reversed(self.layers) if key in layer.values)


def resolve(root: Path, manifest: dict[str, Any], overrides: Mapping[str, Any] | None = None) -> Settings:
    """Merge every layer for the project at `root` into one Config, remembering who set what."""
    manifest_path = root / MANIFEST
    project_values, table = project_table(manifest, str(manifest_path))
    org = _org_layer()
    top = [
        Layer("org", org[0], org[1]) if org else None,
        Layer("project", f"{manifest_path} [{table}]", project_values) if table else None,
        Layer(COMMAND_LINE, "--set", parse_table(dict(overrides or {}), "--set", project=False)),
    ]
    layers = [layer for layer in top if layer is not None and layer.values]

    pack = None
    extending = next((layer for layer in reversed(layers) if "extends" in layer.values), None)
    if extending is not None:
        base = root if extending.name == "project" else Path(extending.source).parent
        pack = find_pack(extending.values["extends"], base)
        if pack.config is not None:
            values = parse_table(load_toml(pack.config), f"pack {pack.name} ({pack.config})", project=False)
            if "extends" in values:
                raise RustdockError(f"pack {pack.name} ({pack.config}): a pack cannot extend another")
            layers.insert(0, Layer(f"pack {pack.name}", str(pack.config), values))

    defaults = Layer("defaults", "rustdock", {s.key: s.default for s in SETTINGS if s.default is not None})
    layers.insert(0, defaults)
    merged: dict[str, Any] = {}
    for layer in layers:
        merged.update(layer.values)

    template_dirs = []
    if "templates" in project_values:
        template_dirs.append(TemplateDir("project", _existing_dir(root / project_values["templates"], "templates")))
    template_dirs += _org_template_dirs()
    if pack is not None and pack.templates is not None:
        template_dirs.append(TemplateDir(f"pack {pack.name}", pack.templates, prefix=pack.name))
    template_dirs.append(TemplateDir("built-in", builtin_templates(), prefix=BUILTIN_PREFIX))
    return Settings(make_config(merged), tuple(layers), tuple(template_dirs), table)


def builtin_templates() -> Path:
    # The package's folder, as importlib.resources.files would give it, without importing
    # importlib.resources (with tempfile and shutil, ~7 ms): `rustdock check`'s quick path needs it.
    spec = importlib.util.find_spec("rustdock.templates")
    if spec is None or not spec.submodule_search_locations:
        raise RustdockError("rustdock's built-in templates are missing from this installation")
    return Path(next(iter(spec.submodule_search_locations)))


def config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "rustdock"


def _org_layer() -> tuple[str, dict[str, Any]] | None:
    explicit = os.environ.get("RUSTDOCK_CONFIG")
    path = Path(explicit) if explicit else config_home() / "config.toml"
    if not path.is_file():
        if explicit:
            raise RustdockError(f"RUSTDOCK_CONFIG={explicit}: no such file")
        return None
    return str(path), parse_table(load_toml(path), f"org config {path}", project=False)


def _org_template_dirs() -> list[TemplateDir]:
    found = []
    explicit = os.environ.get("RUSTDOCK_TEMPLATES")
    if explicit:
        found.append(TemplateDir("org (RUSTDOCK_TEMPLATES)", _existing_dir(Path(explicit), "RUSTDOCK_TEMPLATES")))
    user = config_home() / "templates"
    if user.is_dir():
        found.append(TemplateDir("org (user config)", user))
    return found


def find_pack(reference: str, base: Path) -> Pack:
    """A pack by entry-point name, or a folder (or TOML file) by path relative to `base`."""
    if "/" in reference or reference.startswith(".") or reference.endswith(".toml"):
        try:
            path = (base / reference).resolve()
            is_file, is_dir = path.is_file(), path.is_dir()
        except (OSError, RuntimeError) as e:
            raise RustdockError(f"extends = {reference!r}: {getattr(e, 'strerror', None) or e}") from None
        if is_file:
            return Pack(path.stem, str(path), path, None)
        if not is_dir:
            raise RustdockError(f"extends = {reference!r}: {path} does not exist")
        return _pack_in(path.name, str(path), path)
    from importlib import metadata, resources  # costs ~20 ms at start-up; only packs need them

    found = metadata.entry_points(group=PACK_GROUP, name=reference)
    if not found:
        installed = sorted(ep.name for ep in metadata.entry_points(group=PACK_GROUP))
        raise RustdockError(
            f"extends = {reference!r}: no installed template pack of that name "
            f"(installed: {', '.join(installed) or 'none'}; packs register the entry point group {PACK_GROUP!r})"
        )
    entry = next(iter(found))
    try:
        folder = Path(str(resources.files(entry.module)))
    except (ImportError, TypeError) as e:
        raise RustdockError(f"template pack {reference!r} ({entry.value}) cannot be loaded: {e}") from None
    return _pack_in(reference, f"{entry.value} (entry point {reference!r})", folder)


def _pack_in(name: str, source: str, folder: Path) -> Pack:
    config = folder / PACK_CONFIG
    templates = folder / PACK_TEMPLATES
    pack = Pack(name, source, config if config.is_file() else None, templates if templates.is_dir() else None)
    if pack.config is None and pack.templates is None:
        raise RustdockError(f"template pack {name!r} ({folder}) has neither {PACK_CONFIG} nor {PACK_TEMPLATES}/")
    return pack


def _existing_dir(path: Path, what: str) -> Path:
    try:
        if not path.is_dir():
            raise RustdockError(f"{what}: {path} is not a directory")
        return path.resolve()
    except (OSError, RuntimeError) as e:
        raise RustdockError(f"{what}: {path}: {getattr(e, 'strerror', None) or e}") from None

"""Write rustdock's config table into Cargo.toml: the one place rustdock writes TOML.

The table is formatted by tomlkit and appended, so every other byte of the manifest (comments,
order, spacing) stays as it was; the result is parsed again before it is written.

Only what the user chose is set. Every other key is shown commented out, with the value in
effect and the layer it comes from, so that a crate made under an org config or a pack keeps
following it, today and when the org changes it later.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomlkit

from rustdock.errors import RustdockError
from rustdock.read.readers import read_text
from rustdock.settings.config import SETTINGS, Setting
from rustdock.settings.layers import Settings
from rustdock.write.atomic import atomic_write

LAYER_NAMES = {"defaults": "default", "org": "org config"}  # how a comment names the layer


def config_table_text(section: str, settings: Settings, chosen: Mapping[str, Any]) -> str:
    """`[<section>.metadata.rustdock]` with the `chosen` keys set and every other key commented out."""
    table = tomlkit.table()
    table.add(tomlkit.comment("rustdock: `rustdock generate` rewrites the Dockerfile from these settings."))
    table.add(tomlkit.comment("A commented-out key shows the value in effect and where it comes from;"))
    table.add(tomlkit.comment("set it here to override it for this project."))
    for setting in SETTINGS:
        table.add(tomlkit.comment(setting.help))
        if setting.key in chosen:
            table.add(setting.key, _plain(setting, chosen[setting.key]))
            continue
        value = getattr(settings.config, setting.key.replace("-", "_"))
        if value is None:
            table.add(tomlkit.comment(f"{setting.key} = {_toml(_example(setting))}  # not set; an example"))
        else:
            layer = settings.origin(setting.key).name
            table.add(tomlkit.comment(f"{setting.key} = {_toml(_plain(setting, value))}  # {LAYER_NAMES.get(layer, layer)}"))
    metadata = tomlkit.table(is_super_table=True)
    metadata.append("rustdock", table)
    outer = tomlkit.table(is_super_table=True)
    outer.append("metadata", metadata)
    document = tomlkit.document()
    document.append(section, outer)
    return tomlkit.dumps(document)


def _plain(setting: Setting, value: Any) -> Any:
    """A validated value as TOML writes it: lists for tuples, a table for an env table."""
    if setting.kind is dict:
        return {key: list(item) if isinstance(item, tuple) else item for key, item in dict(value).items()}
    return list(value) if isinstance(value, tuple) else value


def _toml(value: Any) -> str:
    """A value as it is written after `key = `: tables inline, as they fit on one commented line."""
    if isinstance(value, dict):
        inline = tomlkit.inline_table()
        inline.update(value)
        return inline.as_string()
    return tomlkit.item(value).as_string()


def _example(setting: Setting) -> Any:
    if setting.example is not None:
        return setting.example
    return list(setting.default) if isinstance(setting.default, tuple) else setting.default


def with_config_table(original: str, section: str, settings: Settings, chosen: Mapping[str, Any]) -> str:
    """The manifest text with the table appended, in the manifest's own line endings."""
    newline = "\r\n" if "\r\n" in original else "\n"
    separator = "" if not original else (newline if original.endswith("\n") else newline * 2)
    return original + separator + config_table_text(section, settings, chosen).replace("\n", newline)


def add_config_table(manifest_path: Path, section: str, settings: Settings, chosen: Mapping[str, Any]) -> None:
    """Append the config table to the manifest, leaving every existing byte unchanged."""
    original = read_text(manifest_path) or ""
    updated = with_config_table(original, section, settings, chosen)
    try:
        parsed = tomllib.loads(updated)
    except tomllib.TOMLDecodeError as e:
        raise RustdockError(f"{manifest_path}: cannot add [{section}.metadata.rustdock]: {e}") from None
    if "rustdock" not in parsed.get(section, {}).get("metadata", {}):
        raise RustdockError(f"{manifest_path}: cannot add [{section}.metadata.rustdock]")
    atomic_write(manifest_path, updated)

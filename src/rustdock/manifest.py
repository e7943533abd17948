"""Write rustdock's config table into Cargo.toml: the one place rustdock writes TOML.

The table is formatted by tomlkit and appended, so every other byte of the manifest (comments,
order, spacing) stays as it was; the result is parsed again before it is written.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomlkit

from rustdock.config import SETTINGS, Setting
from rustdock.errors import RustdockError
from rustdock.files import atomic_write


def config_table_text(section: str) -> str:
    """`[<section>.metadata.rustdock]` with the everyday keys set and the others commented out."""
    table = tomlkit.table()
    table.add(tomlkit.comment("rustdock: `rustdock generate` rewrites the Dockerfile from these settings."))
    for setting in SETTINGS:
        table.add(tomlkit.comment(setting.help))
        if setting.in_init:
            table.add(setting.key, setting.default)
        else:
            table.add(tomlkit.comment(f"{setting.key} = {_toml(_example(setting))}"))
    metadata = tomlkit.table(is_super_table=True)
    metadata.append("rustdock", table)
    outer = tomlkit.table(is_super_table=True)
    outer.append("metadata", metadata)
    document = tomlkit.document()
    document.append(section, outer)
    return tomlkit.dumps(document)


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


def add_config_table(manifest_path: Path, section: str) -> None:
    """Append the config table to the manifest, leaving every existing byte unchanged."""
    original = manifest_path.read_text(encoding="utf-8")
    separator = "" if not original else ("\n" if original.endswith("\n") else "\n\n")
    updated = original + separator + config_table_text(section)
    try:
        parsed = tomllib.loads(updated)
    except tomllib.TOMLDecodeError as e:
        raise RustdockError(f"{manifest_path}: cannot add [{section}.metadata.rustdock]: {e}") from None
    if "rustdock" not in parsed.get(section, {}).get("metadata", {}):
        raise RustdockError(f"{manifest_path}: cannot add [{section}.metadata.rustdock]")
    atomic_write(manifest_path, updated)

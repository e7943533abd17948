"""What the CLI commands do, as functions that return values and raise RustdockError."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rustdock.cargo import MANIFEST
from rustdock.errors import RustdockError
from rustdock.files import FileUpdate, State, Written, updates, write_updates
from rustdock.layers import COMMAND_LINE, builtin_templates, find_pack
from rustdock.manifest import add_config_table
from rustdock.render import render

Overrides = Mapping[str, Any] | None


@dataclass(frozen=True)
class InitResult:
    config_added: str | None  # the table written into Cargo.toml, if any
    written: list[Written]
    left_alone: list[FileUpdate]  # existing files init would not overwrite


def check(directory: Path, overrides: Overrides = None) -> list[FileUpdate]:
    """The generated files that differ from what `generate` would write now."""
    return [u for u in updates(render(directory, overrides)) if u.needs_write]


def generate(directory: Path, *, force: bool = False, overrides: Overrides = None) -> list[Written]:
    """Rewrite stale or missing files; hand-edited ones only with `force` (after a backup)."""
    return write_updates(updates(render(directory, overrides)), force=force)


def init(directory: Path, overrides: Overrides = None) -> InitResult:
    """Add the config table if there is none, then write what is missing or stale, clobbering nothing.

    The table sets only what `overrides` (`--set`) chose: every other value keeps coming from the
    layers below the project (defaults, pack, org config), now and when they change.
    """
    rendering = render(directory, overrides)
    added = None
    if rendering.settings.project_table is None:
        section = "workspace" if rendering.project.is_workspace else "package"
        chosen = next((layer.values for layer in rendering.settings.layers if layer.name == COMMAND_LINE), {})
        add_config_table(rendering.project.root / MANIFEST, section, rendering.settings, chosen)
        added = f"{section}.metadata.rustdock"
        rendering = render(directory, overrides)
    file_updates = updates(rendering)
    left_alone = [u for u in file_updates if u.state in (State.EDITED, State.FOREIGN)]
    written = write_updates([u for u in file_updates if u not in left_alone], force=False)
    return InitResult(added, written, left_alone)


def export_templates(destination: Path, pack: str | None = None) -> list[Path]:
    """Copy the built-in templates (or a pack's) to `destination` as a starting point; never overwrite."""
    if pack is None:
        source = builtin_templates()
    else:
        found = find_pack(pack, Path.cwd())
        if found.templates is None:
            raise RustdockError(f"template pack {pack!r} has no templates to export")
        source = found.templates
    files = sorted(p for p in source.iterdir() if p.suffix == ".j2")
    clashes = [destination / p.name for p in files if (destination / p.name).exists()]
    if clashes:
        raise RustdockError(f"{clashes[0]} exists; export into an empty folder")
    destination.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copyfile(p, destination / p.name)) for p in files]

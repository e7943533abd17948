"""What the CLI commands do, as functions that return values and raise RustdockError."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rustdock.errors import RustdockError
from rustdock.format.render import Rendering, render
from rustdock.read.cargo import MANIFEST
from rustdock.read.readers import read_text
from rustdock.settings.layers import COMMAND_LINE, builtin_templates, find_pack
from rustdock.write.files import FileUpdate, State, Written, roll_back, updates, write_updates
from rustdock.write.manifest import add_config_table

Overrides = Mapping[str, Any] | None


@dataclass(frozen=True)
class InitResult:
    config_added: str | None  # the table written into Cargo.toml, if any
    written: list[Written]
    left_alone: list[FileUpdate]  # existing files init would not overwrite
    warnings: tuple[str, ...] = ()  # what may break the build (native crates no table knows)


def check(directory: Path, overrides: Overrides = None) -> list[FileUpdate]:
    """The generated files that differ from what `generate` would write now."""
    return stale(render(directory, overrides))


def stale(rendering: Rendering) -> list[FileUpdate]:
    """The generated files that differ from `rendering`."""
    return [u for u in updates(rendering) if u.needs_write]


def generate(directory: Path, *, force: bool = False, overrides: Overrides = None) -> list[Written]:
    """Rewrite stale or missing files; hand-edited ones only with `force` (after a backup)."""
    return write(render(directory, overrides), force=force)


def write(rendering: Rendering, *, force: bool = False) -> list[Written]:
    """Write what `rendering` holds where a file is stale or missing (see `generate`)."""
    return write_updates(updates(rendering), force=force)


def init(directory: Path, overrides: Overrides = None) -> InitResult:
    """Add the config table if there is none, then write what is missing or stale, clobbering nothing.

    The table sets only what `overrides` (`--set`) chose: every other value keeps coming from the
    layers below the project (defaults, pack, org config), now and when they change. All or
    nothing: when a later step fails, Cargo.toml is put back as it was.
    """
    rendering = render(directory, overrides)
    updates(rendering)  # reads the files init may write: a bad one is refused before anything is
    if rendering.settings.project_table is not None:
        return _write_files(rendering, None)
    section = "workspace" if rendering.project.is_workspace else "package"
    chosen = next((layer.values for layer in rendering.settings.layers if layer.name == COMMAND_LINE), {})
    manifest = rendering.project.root / MANIFEST
    original = read_text(manifest)
    add_config_table(manifest, section, rendering.settings, chosen)
    try:
        return _write_files(render(directory, overrides), f"{section}.metadata.rustdock")
    except BaseException:
        roll_back([Written(manifest, (), None, original)])
        raise


def _write_files(rendering: Rendering, added: str | None) -> InitResult:
    file_updates = updates(rendering)
    left_alone = [u for u in file_updates if u.state in (State.EDITED, State.FOREIGN)]
    written = write_updates([u for u in file_updates if u not in left_alone], force=False)
    return InitResult(added, written, left_alone, rendering.plan.system.warnings)


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
    try:
        clashes = [destination / p.name for p in files if (destination / p.name).exists()]
        if clashes:
            raise RustdockError(f"{clashes[0]} exists; export into an empty folder")
        destination.mkdir(parents=True, exist_ok=True)
        return [Path(shutil.copyfile(p, destination / p.name)) for p in files]
    except OSError as e:
        raise RustdockError(f"{destination}: cannot export there: {e.strerror or e}") from None

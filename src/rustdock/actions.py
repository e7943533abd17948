"""What the CLI commands do, as functions that return values and raise RustdockError."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rustdock.cargo import MANIFEST
from rustdock.files import FileUpdate, State, Written, updates, write_updates
from rustdock.manifest import add_config_table
from rustdock.render import render


@dataclass(frozen=True)
class InitResult:
    config_added: str | None  # the table written into Cargo.toml, if any
    written: list[Written]
    left_alone: list[FileUpdate]  # existing files init would not overwrite


def check(directory: Path) -> list[FileUpdate]:
    """The generated files that differ from what `generate` would write now."""
    return [u for u in updates(render(directory)) if u.needs_write]


def generate(directory: Path, *, force: bool = False) -> list[Written]:
    """Rewrite stale or missing files; hand-edited ones only with `force` (after a backup)."""
    return write_updates(updates(render(directory)), force=force)


def init(directory: Path) -> InitResult:
    """Add the config table if there is none, then write what is missing or stale, clobbering nothing."""
    rendering = render(directory)
    added = None
    if rendering.config_table is None:
        section = "workspace" if rendering.project.is_workspace else "package"
        add_config_table(rendering.project.root / MANIFEST, section)
        added = f"{section}.metadata.rustdock"
        rendering = render(directory)
    file_updates = updates(rendering)
    left_alone = [u for u in file_updates if u.state in (State.EDITED, State.FOREIGN)]
    written = write_updates([u for u in file_updates if u not in left_alone], force=False)
    return InitResult(added, written, left_alone)

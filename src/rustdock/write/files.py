"""Turn a Rendering into file contents, and compare, refuse or write them.

`generate` and `check` share one render. Each generated file records a digest of what rustdock
wrote, so a later run tells a stale file (digest matches, rustdock would now write something
else: safe to replace) from a hand-edited one (digest does not match: refused unless --force,
and then backed up). A missing file diffs as empty.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from rustdock import __version__
from rustdock.decide.plan import BAKE_FILE, OUT_DIR, BuildPlan
from rustdock.errors import RustdockError
from rustdock.read.readers import read_text
from rustdock.settings.layers import Settings

if TYPE_CHECKING:
    from rustdock.format.render import Rendering

# The version of the code that turns a plan and its templates into text: this module and format/render.py.
# Bump it in the change that makes them write other text for the same plan and templates (a new
# header line, a new variable handed to the templates), so that the quick check (quick.py), which
# trusts an equal inputs digest, never calls a stale file current. A change that writes the same
# text (a refactoring, a moved module) leaves it alone, and so every digest stays what it was.
FORMAT = 1
DOCKERFILE = "Dockerfile"
DOCKERIGNORE = ".dockerignore"
RECORD = re.compile(r"^# rustdock: inputs=(?P<inputs>[0-9a-f]{16}) sha256=(?P<digest>[0-9a-f]{64})$")
INPUTS = re.compile(r"(?m)^(# rustdock: inputs=)[0-9a-f]{16}( sha256=)")
# How a rendered Dockerfile takes each binary out of the builder: names them for "added binary ...".
COPIED_BINARY = re.compile(rf"(?m)^COPY --from=builder {re.escape(OUT_DIR)}/([^\s/]+) ")
BAKE_TARGET = re.compile(r'(?m)^target "(?!_)([^"]+)"')  # a bake file's image targets
DIRECTIVE = re.compile(r"^#\s*(syntax|escape|check)\s*=", re.IGNORECASE)
BLOCK_START = re.compile(r"^# >>> rustdock: generated block, edit outside it \(sha256=(?P<digest>[0-9a-f]{64})\)$")
BLOCK_END = "# <<< rustdock"


class State(Enum):
    MISSING = "missing"
    CURRENT = "current"
    STALE = "stale"  # written by rustdock, untouched since, and rustdock would now write other text
    EDITED = "edited"  # written by rustdock, then changed by hand
    FOREIGN = "foreign"  # not written by rustdock


@dataclass(frozen=True)
class FileUpdate:
    path: Path
    old: str | None
    new: str | None  # None: the file goes (a bake file rustdock wrote for images that are gone)
    state: State
    changes: tuple[str, ...]  # what a write would change, in words

    @property
    def needs_write(self) -> bool:
        return self.state is not State.CURRENT

    def diff(self) -> str:
        import difflib  # only a stale check prints a diff

        name = self.path.name
        return "".join(
            difflib.unified_diff(
                (self.old or "").splitlines(keepends=True),
                (self.new or "").splitlines(keepends=True),
                fromfile=f"a/{name}",
                tofile="/dev/null" if self.new is None else f"b/{name}",
            )
        )


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def inputs_digest(plan: BuildPlan, settings: Settings, table: str) -> str:
    """What the rendered text is a function of: the plan, the template files that could be
    loaded, and the code that turns them into text, which FORMAT stands for (every other
    decision is in the plan). Equal inputs render equal text, so `rustdock check` can trust a
    match without rendering (see quick.py); a mismatch proves nothing."""
    h = hashlib.sha256(repr(plan).encode())  # frozen dataclasses of tuples: a stable repr
    h.update(f"{__version__}\0{FORMAT}\0{table}".encode())
    for folder in settings.template_dirs:
        h.update(_folder_digest(folder.path).encode())
    return h.hexdigest()[:16]


@cache
def _folder_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(f"{path.relative_to(folder)}\0".encode() + path.read_bytes() + b"\0")
    return h.hexdigest()


def updates(rendering: Rendering) -> list[FileUpdate]:
    """What writing the rendering would do to each generated file, without touching the disk."""
    root = rendering.project.root
    found = [
        _generated_update(rendering, root / DOCKERFILE, rendering.dockerfile, COPIED_BINARY,
                          "binary", [image.binary for image in rendering.plan.images]),
        _dockerignore_update(rendering, root / DOCKERIGNORE),
    ]
    if rendering.bake is not None and rendering.plan.bake is not None:
        found.append(_generated_update(rendering, root / rendering.plan.bake.file, rendering.bake, BAKE_TARGET,
                                       "image", [image.stage for image in rendering.plan.images]))
    else:
        found += _retired(root / BAKE_FILE)
    return found


def _retired(path: Path) -> list[FileUpdate]:
    """A bake file rustdock wrote and no longer writes (one image left, or `bake = false`): it goes,
    unless someone edited it, or rustdock did not write it."""
    old = _read(path)
    record = read_record(old, BAKE_TARGET) if old is not None else None
    if record is None or not record.untouched:
        return []
    return [FileUpdate(path, old, None, State.STALE, ("removed: rustdock no longer writes a bake file here",))]


def _read(path: Path) -> str | None:
    return read_text(path)


# --- Dockerfile and docker-bake.hcl: a header (after a Dockerfile's parser directives) records the
# digest of everything else.


def _split_directives(text: str) -> tuple[list[str], list[str]]:
    lines = text.splitlines(keepends=True)
    n = 0
    while n < len(lines) and DIRECTIVE.match(lines[n]):
        n += 1
    return lines[:n], lines[n:]


def _generated_text(rendering: Rendering, text: str) -> str:
    directives, body = _split_directives(text)
    table = config_table(rendering.settings, rendering.project.is_workspace)
    inputs = inputs_digest(rendering.plan, rendering.settings, table)
    header = [
        "# Generated by rustdock from Cargo.toml. Do not edit by hand: change\n",
        f"# [{table}] or a template, then run `rustdock generate`.\n",
        f"# rustdock: inputs={inputs} sha256={digest(''.join(directives + body))}\n",
    ]
    return "".join(directives + header + body)


def config_table(settings: Settings, is_workspace: bool) -> str:
    """The table the header tells people to edit."""
    return settings.project_table or ("workspace" if is_workspace else "package") + ".metadata.rustdock"


@dataclass(frozen=True)
class Record:
    """What the header of a file rustdock generated recorded."""

    names: list[str]  # the binaries a Dockerfile copies out of the builder, the targets of a bake file
    inputs: str
    untouched: bool  # the body still matches the recorded digest


def read_record(text: str, names: re.Pattern[str] = COPIED_BINARY) -> Record | None:
    directives, rest = _split_directives(text)
    for i, line in enumerate(rest[:6]):
        match = RECORD.match(line.rstrip("\n"))
        if match:
            body = "".join(directives + rest[i + 1 :])
            return Record(names.findall(body), match["inputs"], digest(body) == match["digest"])
    return None


def _same_apart_from_inputs(old: str, new: str) -> bool:
    """A new rustdock version changes the inputs digest, not the file: that is no reason to rewrite."""
    return INPUTS.sub(r"\g<1>-\g<2>", old, count=1) == INPUTS.sub(r"\g<1>-\g<2>", new, count=1)


def _generated_update(
    rendering: Rendering, path: Path, body: str, names: re.Pattern[str], kind: str, new_names: list[str]
) -> FileUpdate:
    """A Dockerfile or bake file: missing, current, stale (safe to replace), edited or foreign.
    `names` finds the binaries (or images) a body holds, so a change can say which were added."""
    old = _read(path)
    new = _generated_text(rendering, body)
    if old is None:
        return FileUpdate(path, None, new, State.MISSING, (f"created with {_named(kind, new_names)}",))
    record = read_record(old, names)
    if record is None:
        return FileUpdate(path, old, new, State.FOREIGN, (f"replaced a {path.name} rustdock did not write",))
    if record.untouched and _same_apart_from_inputs(old, new):
        return FileUpdate(path, old, old, State.CURRENT, ())
    added = [b for b in new_names if b not in record.names]
    removed = [b for b in record.names if b not in new_names]
    changes = [f"added {_named(kind, added)}"] if added else []
    changes += [f"removed {_named(kind, removed)}"] if removed else []
    if not changes:
        changes = ["updated build settings"]
    state = State.STALE if record.untouched else State.EDITED
    return FileUpdate(path, old, new, state, tuple(changes))


NAMED = 5  # a change names at most this many binaries or images; a workspace may have thousands


def _named(kind: str, names: list[str]) -> str:
    """`binary `a`, binary `b`` for a few names; `3,000 binaries: `a`, … and 2,995 more` for many."""
    if len(names) <= NAMED:
        return ", ".join(f"{kind} `{n}`" for n in names)
    plural = "binaries" if kind == "binary" else f"{kind}s"
    shown = ", ".join(f"`{n}`" for n in names[:NAMED])
    return f"{len(names):,} {plural}: {shown} and {len(names) - NAMED:,} more"

# --- .dockerignore: rustdock owns one marked block; every other line is the user's.


def dockerignore_block(entries: tuple[str, ...]) -> str:
    inner = "".join(f"{entry}\n" for entry in entries)
    return f"# >>> rustdock: generated block, edit outside it (sha256={digest(inner)})\n{inner}{BLOCK_END}\n"


def _dockerignore_update(rendering: Rendering, path: Path) -> FileUpdate:
    old = _read(path)
    block = dockerignore_block(rendering.plan.dockerignore)
    if old is None:
        return FileUpdate(path, None, block, State.MISSING, ("created with the entries rustdock needs",))
    lines = old.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if BLOCK_START.match(line.rstrip("\n"))), None)
    if start is None:
        # Ours goes first, so that the user's own lines (a `!` exception, say) still win.
        separator = "" if not old.strip() else "\n"
        new = block + separator + old
        return FileUpdate(path, old, new, State.STALE, ("added rustdock's entries, kept every existing line",))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].rstrip("\n") == BLOCK_END), None)
    if end is None:
        raise RustdockError(f"{path}: the rustdock block has no end marker `{BLOCK_END}`")
    new = "".join(lines[:start]) + block + "".join(lines[end + 1 :])
    if new == old:
        return FileUpdate(path, old, new, State.CURRENT, ())
    recorded = BLOCK_START.match(lines[start].rstrip("\n"))["digest"]
    edited = digest("".join(lines[start + 1 : end])) != recorded
    state = State.EDITED if edited else State.STALE
    return FileUpdate(path, old, new, state, ("updated rustdock's entries",))


# --- Writing


@dataclass(frozen=True)
class Written:
    path: Path
    changes: tuple[str, ...]
    backup: Path | None = None
    old: str | None = None  # what was there before, to roll back to


def refused(file_updates: list[FileUpdate]) -> list[FileUpdate]:
    return [u for u in file_updates if u.state in (State.EDITED, State.FOREIGN)]


def write_updates(file_updates: list[FileUpdate], *, force: bool) -> list[Written]:
    """Write what is missing or stale; refuse hand-edited or foreign files unless `force`.

    Refusals are decided before anything is written, so a refused run writes nothing.
    """
    blocked = refused(file_updates)
    if blocked and not force:
        names = ", ".join(u.path.name for u in blocked)
        what = "was edited by hand" if len(blocked) == 1 else "were edited by hand or not written by rustdock"
        if len(blocked) == 1 and blocked[0].state is State.FOREIGN:
            what = "was not written by rustdock"
        raise RustdockError(
            f"{names} {what}; nothing written. Run `rustdock generate --force` to replace it "
            "(a .bak copy is kept) or `rustdock check` to see the difference"
        )
    from rustdock.write.atomic import atomic_write  # only writing needs it: `check` starts faster without

    written: list[Written] = []
    try:
        for update in file_updates:
            if not update.needs_write:
                continue
            backup = _backup(update.path) if update in blocked else None
            written.append(Written(update.path, update.changes, backup, update.old))
            if update.new is None:
                update.path.unlink()
            else:
                atomic_write(update.path, update.new)
    except BaseException:
        roll_back(written)
        raise
    return written


def roll_back(written: list[Written]) -> None:
    """Put back what a run wrote before one of its writes failed: all or nothing."""
    from rustdock.write.atomic import atomic_write

    for item in reversed(written):
        if item.old is None:
            item.path.unlink(missing_ok=True)
        else:
            atomic_write(item.path, item.old)
        if item.backup is not None:
            item.backup.unlink(missing_ok=True)


def _backup(path: Path) -> Path:
    backup = path.with_name(path.name + ".bak")
    n = 1
    while backup.exists():
        backup = path.with_name(f"{path.name}.bak.{n}")
        n += 1
    try:
        backup.write_bytes(path.read_bytes())
    except OSError as e:
        raise RustdockError(f"{backup}: cannot write the backup: {e.strerror or e}") from None
    return backup

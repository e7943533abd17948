"""Rules about what COPY --from reads from another stage: a path that stage never produced."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rustdock.knowledge.images import EMPTY, STANDARD_DIRS, image_layout
from rustdock.lint.model.dockerfile import Instruction, Stage
from rustdock.lint.model.words import code, is_known, locate, overlap, parts, resolve, spelled
from rustdock.lint.model.writes import Write, run_writes
from rustdock.lint.rules.catalogue import COPY_FROM_UNPRODUCED_PATH, Finding
from rustdock.lint.rules.scan import Scan

MAX_HINTS = 3  # paths the stage does write, named in the message


def copy_from_unproduced_path(scan: Scan) -> Iterator[Finding]:
    """RD019: COPY --from=<stage> reads a path that nothing in that stage's chain wrote, and that its base
    image does not hold."""
    df = scan.dockerfile
    produced: dict[int, tuple[list[Write], list[str]] | None] = {}
    for inst in df.instructions:
        ref = inst.flag("from") if inst.cmd == "COPY" else None
        stage = df.stage_ref(ref, before=inst.stage)
        if stage is None:
            continue
        if stage.index not in produced:
            produced[stage.index] = _produced(scan, stage)
        known = produced[stage.index]
        if known is None:
            continue  # a command that may write anywhere, or a destination the linter cannot expand
        writes, workdirs = known
        root = df.chain(stage)[0]
        for source in inst.paths[0]:
            path = resolve("/", source)
            if not is_known(path) or may_hold(root.image, path, workdirs) or _written(path, writes):
                continue
            yield scan.finding(
                COPY_FROM_UNPRODUCED_PATH,
                inst.line,
                f"{code(f'COPY --from={ref} {source}')} reads {path}, which nothing in stage {stage.label} produced: "
                f"no COPY, RUN or WORKDIR {_where(df.chain(stage))} writes it, and "
                f"{'scratch is empty' if root.image == 'scratch' else f'{spelled(root.image)} does not hold it'}"
                + _hint(writes),
                f"Copy a path stage {stage.label} writes, or make it write {path} (a COPY into it, or a `cp` "
                "in the RUN that builds).",
            )


def _produced(scan: Scan, stage: Stage) -> tuple[list[Write], list[str]] | None:
    """What the stage and the stages it is built FROM write, and the WORKDIRs they make; None when
    something may have written anywhere."""
    writes: list[Write] = []
    workdirs: list[str] = []
    for inst in (i for s in scan.dockerfile.chain(stage) for i in s.instructions):
        found = _instruction_writes(inst)
        if found is None:
            return None
        for write in found:
            known = _known_part(write.path)
            if not parts(known):
                return None  # somewhere the linter cannot tell: anywhere
            writes.append(write if known == write.path else Write(known, True, write.spelled))
        if inst.cmd == "WORKDIR" and inst.words:
            workdirs.append(resolve(inst.workdir, inst.expand(inst.words[0])))
    return writes, workdirs


def _instruction_writes(inst: Instruction) -> list[Write] | None:
    if inst.cmd == "RUN":
        return run_writes(inst)
    if inst.cmd in ("COPY", "ADD") and inst.paths[1]:
        return [Write(locate(inst.workdir, inst.paths[1]), True, f"{inst.cmd} (line {inst.line})")]
    if inst.cmd == "WORKDIR" and inst.words:
        return [Write(locate(inst.workdir, inst.expand(inst.words[0])), False, f"WORKDIR (line {inst.line})")]
    if inst.cmd == "VOLUME":
        return [Write(locate(inst.workdir, inst.expand(w)), False, "VOLUME") for w in inst.words]
    return []


def _written(path: str, writes: list[Write]) -> bool:
    """Whether a write made `path`: the path itself, a directory above it that files were put into, or
    a path below it (which makes it a directory that exists)."""
    for write in writes:
        relation = overlap(path, write.path)
        itself = len(parts(path)) == len(parts(write.path))
        if relation == "contains" or (relation == "under" and (write.beneath or itself)):
            return True
    return False


def _known_part(path: str) -> str:
    """The path up to its first component the linter cannot know."""
    known = []
    for part in parts(path):
        if not is_known(part):
            break
        known.append(part)
    return "/" + "/".join(known)


def _where(chain: list[Stage]) -> str:
    if len(chain) == 1:
        return "there"
    return "there or in " + ", ".join(s.label for s in chain[:-1]) + ", which it is built FROM,"


def _hint(writes: list[Write]) -> str:
    """The last paths the stage writes, where a typo or another folder shows (not the root, nor the
    top-level system directories that package managers write)."""
    paths = [w.path for w in writes if len(parts(w.path)) > 1 or (parts(w.path) and w.path not in STANDARD_DIRS)]
    recent = list(dict.fromkeys(reversed(paths)))[:MAX_HINTS]
    return f" (it writes {', '.join(reversed(recent))})" if recent else ""


def may_hold(image: str, path: str, own: Iterable[str] = ()) -> bool:
    """Whether `image` may hold the absolute `path` (globs allowed). `own` are directories the Dockerfile
    made (WORKDIRs): below one that is not a standard directory, the image holds nothing."""
    layout = image_layout(image, known=is_known)
    if layout is None or not parts(path):
        return True  # an image the linter does not know, or the root directory, which every image has
    if layout == EMPTY:
        return False
    if any(overlap(path, d) == "under" for d in own if _made(d)):
        return False
    return any(overlap(path, d) == "under" for d in STANDARD_DIRS)


def _made(directory: str) -> bool:
    """Whether a WORKDIR is one the Dockerfile made, not one that comes with the image."""
    return (
        is_known(directory)
        and directory not in STANDARD_DIRS
        and not any(overlap(directory, d) == "contains" for d in STANDARD_DIRS)
        and bool(parts(directory))
    )

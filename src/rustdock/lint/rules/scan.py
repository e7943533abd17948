"""What the rules ask of a parsed Dockerfile: its cargo calls, which stages feed which, and which
paths of a stage's snapshot a cache mount left empty."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from rustdock.lint.model.cargo_calls import CargoCall, cargo_calls, differences
from rustdock.lint.model.context import Context
from rustdock.lint.model.dockerfile import Dockerfile, Instruction, Mount, Stage
from rustdock.lint.model.layer_reads import FILE_READERS
from rustdock.lint.model.shell import exclusive
from rustdock.lint.model.words import overlap, resolve, spelled
from rustdock.lint.model.writes import run_writes
from rustdock.lint.rules.catalogue import Finding, Rule, Severity

SHELL_WORD_BREAKS = re.compile(r"[\s;&|()]+")


@dataclass(frozen=True)
class Gap:
    """A path of a stage's snapshot that a mount covered when a RUN wrote into it."""

    mount: Mount
    run: Instruction
    relation: str  # "under": the path lies in the mount; "contains": the mount lies in the path


@dataclass(frozen=True)
class SnapshotRead:
    """A reading of another stage's filesystem: COPY --from=<stage>, or a mount's from=<stage>."""

    instruction: Instruction
    stage: Stage
    paths: tuple[str, ...]  # absolute, in the stage read from
    spelled: str  # how the Dockerfile says it, for messages


@dataclass(frozen=True, eq=False)
class Scan:
    dockerfile: Dockerfile
    context: Context | None = None
    calls: tuple[CargoCall, ...] = field(init=False)

    def __post_init__(self) -> None:
        calls = tuple(c for i in self.dockerfile.instructions for c in cargo_calls(i))
        object.__setattr__(self, "calls", calls)

    def finding(
        self, rule: Rule, line: int, message: str, fix: str | None = None, level: Severity | None = None
    ) -> Finding:
        """A finding of `rule` at `line`; a value the linter cannot know shows as the `$NAME` it stands for."""
        return Finding(rule, self.dockerfile.path, line, spelled(message), spelled(fix or rule.fix), level)

    def calls_of(self, kind: str) -> list[CargoCall]:
        return [c for c in self.calls if c.kind == kind]

    def stage_of(self, inst: Instruction) -> Stage:
        return self.dockerfile.stages[inst.stage]

    def reads(self, inst: Instruction) -> list[SnapshotRead]:
        """The other stages `inst` reads files from, with the paths it reads."""
        df = self.dockerfile
        found = []
        if inst.cmd == "COPY":
            ref = inst.flag("from")
            stage = df.stage_ref(ref, before=inst.stage)
            if stage is not None:
                # COPY --from resolves relative sources against the stage's root, not its WORKDIR.
                sources = tuple("/" + s.lstrip("/") for s in inst.paths[0])
                found.append(SnapshotRead(inst, stage, sources, f"COPY --from={ref}"))
        for mount in inst.mounts:
            stage = df.stage_ref(mount.from_ref, before=inst.stage)
            if stage is not None and mount.type in ("bind", "cache") and mount.source:
                found.append(SnapshotRead(inst, stage, (mount.source,), f"--mount=...,from={mount.from_ref}"))
        return found

    def gap(self, stage: Stage, path: str) -> Gap | None:
        """The first mount of the stage (or a stage it is built FROM) that left `path` out of it."""
        return self._gap([i for s in self.dockerfile.chain(stage) for i in s.instructions], path)

    def gap_before(self, inst: Instruction, path: str) -> Gap | None:
        """The same for the layers `inst` runs on: what the instructions before it left out."""
        return self._gap(self.dockerfile.history(inst)[:-1], path)

    def _gap(self, history: list[Instruction], path: str) -> Gap | None:
        for n, inst in enumerate(history):
            for mount in inst.mounts:
                relation = overlap(path, mount.target) if mount.discards_writes else None
                if relation and not self._written_later(history[n + 1 :], mount.target):
                    if relation == "under" and _rewritten(history[n + 1 :], path):
                        continue
                    return Gap(mount, inst, relation)
        return None

    def _written_later(self, later: list[Instruction], directory: str) -> bool:
        """Whether a later COPY, or a cargo run without a mount there, writes `directory` into a layer."""
        for inst in later:
            if inst.cmd in ("COPY", "ADD"):
                destination = inst.paths[1]
                if destination and overlap(resolve(inst.workdir, destination), directory):
                    return True
            covered = any(m.discards_writes and overlap(directory, m.target) for m in inst.mounts)
            if not covered and any(
                overlap(c.target_dir, directory) for c in cargo_calls(inst) if c.is_build or c.kind == "cook"
            ):
                return True
        return False

    def feeding_stages(self, inst: Instruction) -> list[Stage]:
        """Stages whose files reach `inst` by COPY --from or a mount from=, transitively."""
        seen: dict[int, Stage] = {}
        pending = self.dockerfile.history(inst)
        while pending:
            current = pending.pop()
            for read in self.reads(current):
                for stage in self.dockerfile.chain(read.stage):
                    if stage.index not in seen:
                        seen[stage.index] = stage
                        pending.extend(stage.instructions)
        return sorted(seen.values(), key=lambda s: s.index)

    def cooks_for(self, build: CargoCall) -> list[CargoCall]:
        """The `cargo chef cook` runs whose output the build can see, the nearest last."""
        inst = build.instruction
        history = self.dockerfile.history(inst)
        fed = {s.index for s in self.feeding_stages(inst)} - {i.stage for i in history}
        related = [
            c
            for c in self.calls_of("cook")
            if c.instruction.stage in fed
            or (c.instruction in history and (c.instruction is not inst or self._precedes(c, build)))
        ]
        return sorted(related, key=lambda c: (c.instruction in history, c.instruction.line))

    @cached_property
    def cook_pairs(self) -> list[tuple[CargoCall, CargoCall]]:
        """Every cargo build (check, clippy, zigbuild) that has a cook before it, with that cook."""
        return [(b, c) for b in self.calls if b.is_build and (c := self.cook_for(b)) is not None]

    def cook_for(self, build: CargoCall) -> CargoCall | None:
        """The cook the build pairs with: of those whose output it can see, the one whose flags differ
        in the fewest things (none, if it matches one; several cooks chained in one RUN cook for several
        builds), the nearest of equals."""
        shape = build.shape()
        return min(reversed(self.cooks_for(build)), key=lambda c: len(differences(c.shape(), shape)), default=None)

    def _precedes(self, first: CargoCall, second: CargoCall) -> bool:
        """Whether `first` runs before `second` in the same RUN: earlier, and not in another branch."""
        return self.calls.index(first) < self.calls.index(second) and not exclusive(first.branch, second.branch)

    def line_of(self, call: CargoCall) -> int:
        """The line of the Dockerfile the call is written on: a RUN can span lines and chain calls."""
        inst = call.instruction
        twins = [c for c in self.calls if c.instruction is inst and c.spelled == call.spelled]
        words = call.spelled.split()
        lines = [n for n in range(inst.line, inst.end_line + 1) if _spells(self.dockerfile.lines[n - 1], words)]
        return lines[twins.index(call)] if len(lines) == len(twins) else inst.line


def _rewritten(later: list[Instruction], path: str) -> bool:
    """Whether a later RUN, with no mount there, writes `path` (or a folder it lies in) into its layer:
    `cp target/release/app /src/target/app` in a RUN without the cache mount."""
    for inst in (i for i in later if i.cmd == "RUN"):
        if any(m.discards_writes and overlap(path, m.target) for m in inst.mounts):
            continue
        for write in run_writes(inst) or []:
            copied_into = write.beneath and write.spelled.split()[0] in FILE_READERS  # `cp app /out/`, not `mkdir`
            if write.path == path or (copied_into and overlap(path, write.path) == "under"):
                return True
    return False


def _spells(line: str, words: list[str]) -> bool:
    """Whether the line holds the command words (`cargo chef cook`), with only +toolchain or flags between."""
    tokens = SHELL_WORD_BREAKS.split(line)
    for start, token in enumerate(tokens):
        if token.rsplit("/", 1)[-1] != words[0]:
            continue
        rest = iter(t for t in tokens[start + 1 :] if not t.startswith(("-", "+")))
        if all(next(rest, None) == word for word in words[1:]):
            return True
    return False


"""A Dockerfile as BuildKit reads it: stages, instructions, the WORKDIR and variables in effect.

The text is parsed by BuildKit's own parser (the `dockerfile` package), so continuations, heredocs
and the escape directive read exactly as in a build. On top of it this module tracks what
BuildKit tracks while it dispatches: stage names and indexes, `FROM <stage>` inheritance of
WORKDIR, ENV and ARG, ARG scoping, and `RUN --mount` options with their targets made absolute.

Variables in scope follow BuildKit: a global ARG (before the first FROM) reaches a stage only where
the stage declares `ARG NAME`; the predefined platform ARGs (TARGETPLATFORM, BUILDARCH, ...) are
global ones too; a stage built FROM another inherits its ARGs and ENV (the Dockerfile reference,
"Scope", as corrected by moby/buildkit#5381); ENV wins over ARG of the same name.
"""

from __future__ import annotations

import csv
from functools import cached_property
from dataclasses import dataclass, field
from typing import Any

import dockerfile

from rustdock.errors import RustdockError
from rustdock.lint.model.words import expand, resolve, unknown

INSTRUCTIONS = frozenset(
    "ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL MAINTAINER ONBUILD RUN SHELL "
    "STOPSIGNAL USER VOLUME WORKDIR".split()
)
# Environment the official Rust images (and cargo-chef's, built on them) set, so that
# `$CARGO_HOME` in a mount target resolves like it does in a build.
RUST_IMAGE_ENV = {"CARGO_HOME": "/usr/local/cargo", "RUSTUP_HOME": "/usr/local/rustup"}
RUST_IMAGES = ("rust", "cargo-chef", "rust-musl-builder")
MOUNT_TARGET_KEYS = ("target", "dst", "destination")
MOUNT_SOURCE_KEYS = ("source", "src")
MAX_NESTING = 64  # `${A:-${B:-...}}` levels a Dockerfile may have before parsing is refused


@dataclass(frozen=True)
class Mount:
    """One `RUN --mount=...`: its type, absolute target, and where it is seeded from."""

    type: str
    target: str
    id: str | None = None
    from_ref: str | None = None  # `from=`: a stage or an image
    source: str | None = None  # `source=` inside `from` (absolute), or in the context
    sharing: str = "shared"  # a cache mount's `sharing=`: shared, private or locked
    key: str = ""  # what BuildKit keys a cache by, as written (unexpanded): `id=`, else `target=`

    @property
    def discards_writes(self) -> bool:
        """Cache and tmpfs mounts are not part of the layer: what a RUN writes there is not in it."""
        return self.type in ("cache", "tmpfs")


@dataclass(frozen=True, eq=False)
class Instruction:
    cmd: str  # upper case, e.g. "RUN"
    line: int
    end_line: int
    stage: int  # index of the stage it belongs to
    words: tuple[str, ...]  # the parser's value, unexpanded
    flags: tuple[str, ...]
    json: bool
    heredocs: tuple[Any, ...]
    workdir: str  # in effect for this instruction
    variables: dict[str, str] = field(repr=False)  # ARG and ENV in effect (ENV wins)
    mounts: tuple[Mount, ...] = ()

    def expand(self, word: str, *, quotes: bool = True) -> str:
        return expand(word, self.variables.get, quotes=quotes)

    def flag(self, name: str) -> str | None:
        """The expanded value of `--name=value` (the last one wins), else None."""
        found = None
        for raw in self.flags:
            key, _, value = raw.partition("=")
            if key.lower() == f"--{name}":
                found = self.expand(value)
        return found

    @property
    def script(self) -> str | None:
        """The shell text a RUN executes, heredoc bodies included; None for the JSON (exec) form."""
        if self.cmd != "RUN" or self.json:
            return None
        text = " ".join(self.words)
        for heredoc in self.heredocs:
            text += "\n" + heredoc.content
        return text

    @property
    def paths(self) -> tuple[list[str], str | None]:
        """A COPY/ADD's expanded sources and destination (heredoc sources left out)."""
        if len(self.words) < 2:
            return [], None
        sources = [self.expand(w) for w in self.words[:-1] if not w.startswith("<<")]
        return sources, self.expand(self.words[-1])


@dataclass(frozen=True, eq=False)
class Stage:
    index: int
    name: str | None  # lower case, as BuildKit compares them
    image: str  # the FROM reference, expanded
    parent: int | None  # index of the stage it is built FROM, None for an image
    line: int
    instructions: tuple[Instruction, ...]
    platform: str | None = None  # FROM's `--platform=` as written (unexpanded), e.g. `$BUILDPLATFORM`

    @property
    def label(self) -> str:
        return f"`{self.name}`" if self.name else f"#{self.index}"


@dataclass(frozen=True, eq=False)
class Dockerfile:
    path: str
    lines: tuple[str, ...]
    stages: tuple[Stage, ...]
    meta_args: tuple[Instruction, ...] = ()  # the ARGs before the first FROM (their `stage` is -1)

    @property
    def instructions(self) -> list[Instruction]:
        return [i for s in self.stages for i in s.instructions]

    def chain(self, stage: Stage) -> list[Stage]:
        """The stage and the stages it is built FROM, the first ancestor first."""
        found = [stage]
        while found[0].parent is not None:
            found.insert(0, self.stages[found[0].parent])
        return found

    def history(self, inst: Instruction) -> list[Instruction]:
        """Every instruction whose result `inst` builds on, in order, ending with `inst`."""
        stage = self.stages[inst.stage]
        before = [i for s in self.chain(stage)[:-1] for i in s.instructions]
        return before + list(stage.instructions[: stage.instructions.index(inst) + 1])

    def stage_ref(self, ref: str | None, before: int) -> Stage | None:
        """The stage a `--from`/`from=` value names (name or index), None for an image."""
        if ref is None:
            return None
        if ref.isdigit():
            index = int(ref)
            return self.stages[index] if index < before else None
        earlier = [i for i in self._indexes_by_name.get(ref.lower(), ()) if i < before]
        return self.stages[earlier[-1]] if earlier else None

    @cached_property
    def _indexes_by_name(self) -> dict[str, list[int]]:
        """Stage indexes per name; a later stage of the same name shadows an earlier one."""
        found: dict[str, list[int]] = {}
        for stage in self.stages:
            if stage.name:
                found.setdefault(stage.name, []).append(stage.index)
        return found

    def root_image(self, stage: Stage) -> str:
        return self.chain(stage)[0].image


def parse(text: str, path: str = "Dockerfile") -> Dockerfile:
    """Parse Dockerfile text; raise RustdockError when BuildKit could not build it either."""
    depth = _nesting(text)
    if depth > MAX_NESTING:
        # BuildKit's parser slows sharply on it (seconds at a thousand levels, minutes beyond).
        raise RustdockError(f"{path}: cannot parse: `${{...}}` nested {depth} deep (rustdock reads at most {MAX_NESTING})")
    try:
        commands = dockerfile.parse_string(text)
    except dockerfile.GoParseError as e:
        raise RustdockError(f"{path}: cannot parse: {e}") from None
    return _Dispatcher(path).run(commands, tuple(text.splitlines()))


def _nesting(text: str) -> int:
    """How deep `${...}` references nest at most, counted in one pass."""
    deepest = depth = 0
    for i, char in enumerate(text):
        if char == "{" and i and text[i - 1] == "$":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}" and depth:
            depth -= 1
    return deepest


class _Dispatcher:
    """Walks the parsed commands once, keeping the state BuildKit keeps between instructions."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.global_args: dict[str, str] = {}
        self.meta_args: list[Instruction] = []
        self.stages: list[Stage] = []
        self.stage_by_name: dict[str, int] = {}  # the latest stage of each name
        # image, name, parent, line, platform
        self.opened: tuple[str, str | None, int | None, int, str | None] | None = None
        self.pending: list[Instruction] = []
        self.final_env: list[dict[str, str]] = []  # per closed stage, for `FROM <stage>`
        self.final_args: list[dict[str, str]] = []
        self.final_workdir: list[str] = []
        self.env: dict[str, str] = {}
        self.args: dict[str, str] = {}
        self.workdir = "/"

    def run(self, commands: tuple[Any, ...], lines: tuple[str, ...]) -> Dockerfile:
        for command in commands:
            cmd = command.cmd.upper()
            where = f"{self.path}:{command.start_line}"
            if cmd not in INSTRUCTIONS:
                raise RustdockError(f"{where}: unknown instruction {command.cmd}")
            if cmd == "FROM":
                self._close_stage()
                self._open_stage(command, where)
            elif self.opened is None:
                if cmd != "ARG":
                    raise RustdockError(f"{where}: {cmd} before the first FROM")
                self._global_arg(command)
            else:
                self._dispatch(cmd, command)
        self._close_stage()
        if not self.stages:
            raise RustdockError(f"{self.path}: no FROM instruction")
        return Dockerfile(self.path, lines, tuple(self.stages), tuple(self.meta_args))

    def _global_arg(self, command: Any) -> None:
        self.meta_args.append(self._instruction("ARG", command, stage=-1, variables=dict(self.global_args)))
        for word in command.value:
            name, eq, value = word.partition("=")
            self.global_args[name] = expand(value, self.global_args.get) if eq else unknown(name)

    def _open_stage(self, command: Any, where: str) -> None:
        words = command.value
        if not words or not words[0]:
            raise RustdockError(f"{where}: FROM needs an image")
        image = expand(words[0], self.global_args.get)
        name = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else None
        parent = self.stage_by_name.get(image.lower())
        platform = next((f.partition("=")[2] for f in command.flags if f.lower().startswith("--platform=")), None)
        self.opened = (image, name, parent, command.start_line, platform)
        if parent is None:
            self.env, self.args, self.workdir = _image_env(image), {}, "/"
        else:
            # BuildKit passes a stage's ARGs, ENV and WORKDIR on to the stages built FROM it.
            self.env, self.args = dict(self.final_env[parent]), dict(self.final_args[parent])
            self.workdir = self.final_workdir[parent]

    def _close_stage(self) -> None:
        if self.opened is None:
            return
        image, name, parent, line, platform = self.opened
        if name:
            self.stage_by_name[name] = len(self.stages)
        self.stages.append(Stage(len(self.stages), name, image, parent, line, tuple(self.pending), platform))
        self.final_env.append(dict(self.env))
        self.final_args.append(dict(self.args))
        self.final_workdir.append(self.workdir)
        self.pending = []

    def _variables(self) -> dict[str, str]:
        return {**self.args, **self.env}

    def _instruction(self, cmd: str, command: Any, stage: int, variables: dict[str, str]) -> Instruction:
        return Instruction(
            cmd=cmd,
            line=command.start_line,
            end_line=command.end_line,
            stage=stage,
            words=tuple(command.value),
            flags=tuple(command.flags),
            json=command.json,
            heredocs=tuple(command.heredocs),
            workdir=self.workdir,
            variables=variables,
            mounts=self._mounts(command.flags, variables) if cmd == "RUN" else (),
        )

    def _dispatch(self, cmd: str, command: Any) -> None:
        variables = self._variables()
        inst = self._instruction(cmd, command, len(self.stages), variables)
        self.pending.append(inst)
        if cmd == "ARG":
            for word in command.value:
                name, eq, value = word.partition("=")
                if eq:
                    self.args[name] = expand(value, variables.get)
                else:
                    self.args[name] = self.global_args.get(name, unknown(name))
        elif cmd == "ENV":
            pairs = list(command.value)
            for name, value in zip(pairs[::2], pairs[1::2]):
                self.env[name] = expand(value, self._variables().get)
        elif cmd == "WORKDIR" and command.value:
            self.workdir = resolve(self.workdir, inst.expand(command.value[0]))

    def _mounts(self, flags: tuple[str, ...], variables: dict[str, str]) -> tuple[Mount, ...]:
        mounts = []
        for raw in flags:
            key, _, value = raw.partition("=")
            if key.lower() != "--mount":
                continue
            options: dict[str, str] = {}
            written: dict[str, str] = {}
            for item in next(csv.reader([value]), []):
                name, _, setting = item.partition("=")
                options[name.strip().lower()] = expand(setting, variables.get)
                written[name.strip().lower()] = setting
            target = next((options[k] for k in MOUNT_TARGET_KEYS if k in options), None)
            if target is None:
                continue
            source = next((options[k] for k in MOUNT_SOURCE_KEYS if k in options), None)
            from_ref = options.get("from")
            mounts.append(
                Mount(
                    type=options.get("type", "bind").lower(),
                    target=resolve(self.workdir, target),
                    id=options.get("id"),
                    from_ref=from_ref,
                    source=resolve("/", source or "/") if from_ref else source,
                    sharing=options.get("sharing", "shared").lower(),
                    key=written.get("id") or next(written[k] for k in MOUNT_TARGET_KEYS if k in written),
                )
            )
        return tuple(mounts)


def split_image(ref: str) -> tuple[str, str | None]:
    """An image reference's repository (registry host included, lower case) and its tag (None: none given)."""
    ref = ref.split("@", 1)[0]
    head, _, last = ref.rpartition("/")
    name, colon, tag = last.partition(":")
    repository = f"{head}/{name}" if head else name
    return repository.lower(), tag if colon else None


def _image_env(image: str) -> dict[str, str]:
    repository, _ = split_image(image)
    return dict(RUST_IMAGE_ENV) if repository.rsplit("/", 1)[-1] in RUST_IMAGES else {}

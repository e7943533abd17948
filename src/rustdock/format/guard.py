"""Prove, on the rendered text, what rustdock promises of every Dockerfile it writes.

A template (built-in, org or pack) may change any block, so the promise is checked on what it
rendered, read with BuildKit's own parser, against what the plan says:

- stages: chef, planner, cook, the deps stages, builder, runtime and one stage per image, each
  once, each FROM what it must be FROM, each referring only to stages before it; no instruction
  swallowed by a line continuation; the builder's stage chosen by the global ARG plan.deps.arg;
- relocation: every image copies its binary from the builder's out dir, and that file is written
  by the one RUN (whichever stage the builder starts from) that runs `cargo build` with the plan's
  flags: a `cp` of the binary's artifact after the build, to a path under none of that RUN's mounts.

The lint error rules (the cache-mount trap, cook and build flags, cook before the source COPY)
run beside this, in render.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from rustdock.decide.plan import BuildPlan
from rustdock.errors import RustdockError
from rustdock.lint.model.continuations import swallowed
from rustdock.lint.model.dockerfile import Dockerfile, Instruction, parse
from rustdock.lint.model.shell import run_commands
from rustdock.lint.model.words import overlap, resolve

# The stages every rustdock Dockerfile has, and the stage each is built FROM (None: an image);
# the deps stages between cook and builder come from the plan (`_wanted`).
STAGES = (("chef", None), ("planner", "chef"), ("cook", "chef"), ("runtime", None))
COPY_PROGRAMS = ("cp", "install")
FIRST = {"continuation": 0, "stages": 1}  # which violation a refusal names, before the line order


@dataclass(frozen=True)
class Violation:
    check: str  # "stages", "continuation", "relocation"
    line: int
    message: str


def prove(text: str, plan: BuildPlan) -> list[Violation]:
    """What the rendered Dockerfile breaks of rustdock's promises; [] when it keeps them all."""
    try:
        dockerfile = parse(text)
    except RustdockError as e:
        return [Violation("stages", 1, str(e))]
    found = _continuations(dockerfile)
    found += _stages(dockerfile, plan)
    if not found:  # relocation is only meaningful in the right stage graph
        found += _relocation(dockerfile, plan)
    return sorted(found, key=lambda v: v.line)


def _continuations(dockerfile: Dockerfile) -> list[Violation]:
    """The instructions a line continuation swallowed, as lint's RD018 reads them (one reading for both)."""
    return [
        Violation("continuation", s.line, (
            f"`{s.text}` is part of the {s.instruction.cmd} at line {s.instruction.line}: the line continuation "
            "before it swallowed it"
        ))
        for s in swallowed(dockerfile)
    ]


def _wanted(plan: BuildPlan) -> list[tuple[str, str | None]]:
    """Every stage and its parent. The deps stage is FROM one of the choices: the ARG's default, as
    BuildKit reads the file without `--build-arg`."""
    deps = plan.deps
    choices = [(deps.stage_of(value), parent) for value, parent in deps.choices]
    return [*STAGES, *choices, (deps.stage, deps.stage_of(deps.default)), ("builder", deps.stage),
            *((image.stage, "runtime") for image in plan.images)]


def _stages(dockerfile: Dockerfile, plan: BuildPlan) -> list[Violation]:
    found = _deps_choice(dockerfile, plan)
    for name, parent in _wanted(plan):
        stages = [s for s in dockerfile.stages if s.name == name]
        if len(stages) != 1:
            what = "no stage" if not stages else f"{len(stages)} stages"
            found.append(Violation("stages", stages[1].line if stages else 1, f"{what} named `{name}`; there must be one"))
            continue
        stage = stages[0]
        base = dockerfile.stages[stage.parent].name if stage.parent is not None else None
        if base != parent:
            must = f"FROM {parent}" if parent else "FROM an image"
            found.append(Violation("stages", stage.line, f"stage `{name}` is FROM {stage.image}; it must be {must}"))
    for stage in dockerfile.stages:
        for inst in stage.instructions:
            for ref in _references(inst):
                if not ref.isdigit() and ref.lower() in {s.name for s in dockerfile.stages[stage.index:]} and \
                        dockerfile.stage_ref(ref, before=stage.index) is None:
                    found.append(Violation("stages", inst.line, f"refers to stage `{ref}`, which comes later"))
    return found


def _deps_choice(dockerfile: Dockerfile, plan: BuildPlan) -> list[Violation]:
    """`ARG RUSTDOCK_DEPS=layer` before the first FROM, and the deps stage FROM `deps-${RUSTDOCK_DEPS}`:
    otherwise `--build-arg RUSTDOCK_DEPS=cache` would be ignored, or name a stage that is not there."""
    deps = plan.deps
    declared = [a for a in dockerfile.meta_args if a.words and a.words[0].partition("=")[0] == deps.arg]
    values = [value for value, _ in deps.choices]
    if [a.words[0].partition("=")[2] for a in declared] != [deps.default]:
        line = declared[-1].line if declared else 1
        return [Violation("stages", line, f"there must be one `ARG {deps.arg}={deps.default}` before the first FROM "
                                          f"(it chooses the builder's stage: {', '.join(values)})")]
    stage = next((s for s in dockerfile.stages if s.name == deps.stage), None)
    written = f"{deps.stage}-${{{deps.arg}}}"
    base = [w for w in dockerfile.lines[stage.line - 1].split()[1:] if not w.startswith("--")][:1] if stage else []
    if stage is not None and base != [written]:
        return [Violation("stages", stage.line, f"stage `{deps.stage}` must be `FROM {written} AS {deps.stage}`")]
    return []


def _references(inst: Instruction) -> list[str]:
    refs = [inst.flag("from")] if inst.cmd == "COPY" else []
    refs += [m.from_ref for m in inst.mounts]
    return [r for r in refs if r]


def _relocation(dockerfile: Dockerfile, plan: BuildPlan) -> list[Violation]:
    builder = next(s for s in dockerfile.stages if s.name == "builder")
    # The chain as the ARG's default picks it, and every other choice's stage (FROM chef or cook, in it).
    stages = {s.index: s for s in dockerfile.chain(builder)}
    choices = {plan.deps.stage_of(value) for value, _ in plan.deps.choices}
    stages |= {s.index: s for s in dockerfile.stages if s.name in choices}
    builds = [i for _, s in sorted(stages.items()) for i in s.instructions if _runs_cargo_build(i, plan)]
    found = []
    if len(builds) != 1:
        line = builds[1].line if builds else builder.line
        return [Violation("relocation", line, (
            f"{'no' if not builds else len(builds)} RUN{'s' if len(builds) > 1 else ''} in the builder run "
            f"`cargo build {' '.join(plan.cargo_flags)}`; there must be one"
        ))]
    build = builds[0]
    written = _copies_after_build(build, plan)
    for image in plan.images:
        stage = next(s for s in dockerfile.stages if s.name == image.stage)
        copies = [i for i in stage.instructions if i.cmd == "COPY" and i.flag("from") == "builder"]
        if [(i.paths[0], i.paths[1]) for i in copies] != [([image.copied_to], image.installed_at)]:
            found.append(Violation("relocation", stage.line, (
                f"stage `{image.stage}` must copy its binary with exactly `COPY --from=builder {image.copied_to} "
                f"{image.installed_at}`"
            )))
            continue
        if image.copied_to not in written:
            found.append(Violation("relocation", copies[0].line, (
                f"`{image.binary}` is copied from {image.copied_to}, which the RUN that builds it (line "
                f"{build.line}) does not write: it must `cp {image.artifact} {plan.out_dir}/` after `cargo build`"
            )))
            continue
        mount = next((m for m in build.mounts if overlap(image.copied_to, m.target)), None)
        if mount is not None:
            found.append(Violation("relocation", build.line, (
                f"{image.copied_to} lies under the {mount.type} mount at {mount.target} of the build RUN, which "
                "no COPY --from can see"
            )))
    return found


def _build_argv(inst: Instruction, plan: BuildPlan) -> tuple[str, ...]:
    """`cargo build` with the plan's flags, as this instruction expands them (`--target $RUSTDOCK_TARGET`
    when each platform's stage sets the target)."""
    return ("cargo", "build", *(inst.expand(flag) for flag in plan.cargo_flags))


def _runs_cargo_build(inst: Instruction, plan: BuildPlan) -> bool:
    return any(c.argv == _build_argv(inst, plan) for c in run_commands(inst))


def _copies_after_build(build: Instruction, plan: BuildPlan) -> set[str]:
    """The out-dir paths that `cp`/`install` commands after the build, in its RUN, write from artifacts."""
    commands = run_commands(build)
    start = next(n for n, c in enumerate(commands) if c.argv == _build_argv(build, plan))
    artifacts = {resolve(build.workdir, build.expand(image.artifact)): image.copied_to for image in plan.images}
    written = set()
    for command in commands[start + 1:]:
        if command.program not in COPY_PROGRAMS:
            continue
        operands = [w for w in command.argv[1:] if not w.startswith("-")]
        if len(operands) < 2:
            continue
        *sources, destination = (resolve(command.cwd, w) for w in operands)
        for source in sources:
            target = artifacts.get(source)
            if target is not None and destination in (target, str(PurePosixPath(target).parent)):
                written.add(target)
    return written


def refuse(violations: list[Violation], template: str) -> None:
    """Raise the one-line error for the first violation, naming the check, the template and the line."""
    if violations:
        # A swallowed instruction explains the missing stage and the rest; the stage graph comes next.
        first = min(violations, key=lambda v: (FIRST.get(v.check, len(FIRST)), v.line))
        more = f" (and {len(violations) - 1} more)" if len(violations) > 1 else ""
        raise RustdockError(
            f"template {template} renders a Dockerfile rustdock will not write: line {first.line}: "
            f"{first.check}: {first.message}{more}"
        )

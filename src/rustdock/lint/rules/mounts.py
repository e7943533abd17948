"""Rules about cache mounts: the relocation trap and the ways mounts and cargo-chef fight (a target cache
that the platforms of a multi-platform build share is platforms.py's)."""

from __future__ import annotations

from collections.abc import Iterator

from rustdock.lint.model.cargo_calls import CargoCall
from rustdock.lint.model.dockerfile import Instruction, Mount, Stage
from rustdock.lint.model.layer_reads import file_operands, run_reads, started_programs
from rustdock.lint.model.shell import run_commands
from rustdock.lint.model.words import code, overlap, resolve
from rustdock.lint.rules.catalogue import (
    COOK_INTO_CACHE_MOUNT,
    COPY_FROM_CACHE_MOUNT,
    MV_FROM_CACHE_MOUNT,
    TARGET_MOUNT_HIDES_COOK,
    Finding,
)
from rustdock.lint.rules.scan import Gap, Scan

CANNOT_START = "the container cannot start"  # what starting a program that is not in the image does
CONSEQUENCE = {"HEALTHCHECK": "the health check fails"}  # ... where it is not the container that starts it


def copy_from_cache_mount(scan: Scan) -> Iterator[Finding]:
    """RD001: files are read from a path a cache mount kept out of a stage's snapshot: by another stage
    (COPY --from, a mount's from=), by a later RUN without the mount, or by the container it starts."""
    for inst in scan.dockerfile.instructions:
        yield from _snapshot_reads(scan, inst)
        found = _later_run_read(scan, inst) or _started_from_mount(scan, inst)
        if found is not None:
            yield found


def _snapshot_reads(scan: Scan, inst: Instruction) -> Iterator[Finding]:
    for read in scan.reads(inst):
        for path in read.paths:
            gap = scan.gap(read.stage, path)
            if gap is None:
                continue
            where, target = _where(scan, gap, read.stage), gap.mount.target
            if gap.relation == "under":
                message = (
                    f"{read.spelled} reads {path}, but {target} is a {gap.mount.type} mount in {where}: "
                    "what the build wrote there is not in the stage"
                )
                fix = (
                    f"In the RUN on line {gap.run.line}, copy the artifact out of {target} "
                    f"(e.g. {code(f'&& mkdir -p /out && cp {_relative(path, gap.run.workdir)} /out/')}) "
                    f"and {read.spelled} /out/... instead."
                )
            else:
                message = (
                    f"{read.spelled} reads {path}, but {target} inside it is a {gap.mount.type} mount "
                    f"in {where}: the copy lacks what the build wrote there"
                )
                fix = (
                    f"Copy what you need out of {target} in the RUN on line {gap.run.line} "
                    "to a path no mount covers, and read it from there."
                )
            yield scan.finding(COPY_FROM_CACHE_MOUNT, inst.line, message, fix)
            break


def _later_run_read(scan: Scan, inst: Instruction) -> Finding | None:
    """A RUN without the mount reads what an earlier RUN of its stage (or one it is built FROM) wrote
    under a cache mount. Not when this RUN mounts something there itself, or wrote there first."""
    for read in run_reads(inst) if inst.cmd == "RUN" else ():
        mounted_here = any(overlap(read.path, m.target) == "under" for m in inst.mounts)
        if mounted_here or any(overlap(read.path, d) == "under" for d in read.written):
            continue
        gap = scan.gap_before(inst, read.path)
        if gap is None or gap.relation != "under":
            continue
        mount, target = gap.mount, gap.mount.target
        same = code(f"--mount=type=cache{f',id={mount.id}' if mount.id else ''},target={target}")
        return scan.finding(
            COPY_FROM_CACHE_MOUNT,
            inst.line,
            f"{code(read.spelled)} reads {read.path}, but {target} is a {mount.type} mount in "
            f"{_where(scan, gap, scan.stage_of(inst))}: what that RUN wrote there is not in the layer this RUN "
            "starts from",
            f"Run {code(read.spelled + ' ...')} in the RUN on line {gap.run.line}, while {target} is mounted"
            + (f", or mount the same cache in this RUN: {same}." if mount.type == "cache" else "."),
        )
    return None


def _started_from_mount(scan: Scan, inst: Instruction) -> Finding | None:
    """CMD, ENTRYPOINT or HEALTHCHECK starts a program that was built under a cache mount."""
    stage = scan.stage_of(inst)
    for path in started_programs(inst):
        gap = scan.gap(stage, path)
        if gap is None or gap.relation != "under":
            continue
        target = gap.mount.target
        return scan.finding(
            COPY_FROM_CACHE_MOUNT,
            inst.line,
            f"{inst.cmd} starts {path}, but {target} is a {gap.mount.type} mount in {_where(scan, gap, stage)}: "
            f"the image does not hold what the build wrote there, so {CONSEQUENCE.get(inst.cmd, CANNOT_START)}",
            f"In the RUN on line {gap.run.line}, copy the binary out of {target} "
            f"(e.g. {code(f'&& cp {_relative(path, gap.run.workdir)} /usr/local/bin/')}) and start it from there.",
        )
    return None


def _where(scan: Scan, gap: Gap, stage: Stage) -> str:
    """Which RUN mounted the path, and how it reaches `stage`."""
    owner = scan.stage_of(gap.run)
    where = f"stage {owner.label} (line {gap.run.line})"
    return where if owner is stage else f"{where}, which {stage.label} is built FROM"


def cook_into_cache_mount(scan: Scan) -> Iterator[Finding]:
    """RD013: cook's output goes into a mount instead of the layer (and is not copied out)."""
    for cook in scan.calls_of("cook"):
        mount = _covering(cook.instruction.mounts, cook.target_dir)
        if mount is not None and _cooked_dir(cook) is None:
            yield scan.finding(
                COOK_INTO_CACHE_MOUNT,
                cook.instruction.line,
                f"{cook.spelled} writes {cook.target_dir} into the {mount.type} mount {mount.target}: "
                "the cooked dependencies are not in the layer",
            )


def target_mount_hides_cook(scan: Scan) -> Iterator[Finding]:
    """RD008: the build's target mount covers the cooked target dir and starts empty on CI."""
    df = scan.dockerfile
    for build, cook in scan.cook_pairs:
        cooked = _cooked_dir(cook)
        if cooked is None:
            continue  # RD013's case: cook's output never reached the layer
        mount = _covering(build.instruction.mounts, build.target_dir, kind="cache")
        if mount is None or overlap(build.target_dir, cook.target_dir) is None:
            continue
        seed = df.stage_ref(mount.from_ref, before=build.instruction.stage)
        seeded = (
            seed is not None
            and cook.instruction.stage in {s.index for s in df.chain(seed)}
            and mount.source is not None
            and overlap(mount.source, cooked) is not None
        )
        if seeded:
            continue
        yield scan.finding(
            TARGET_MOUNT_HIDES_COOK,
            build.instruction.line,
            f"the cache mount {mount.target} hides the target dir that cargo chef cook filled "
            f"(line {cook.instruction.line}) and is not seeded from it: with an empty cache "
            "(a fresh CI builder) every dependency compiles again",
            _seed_fix(scan, cook, build, mount),
        )


def _cooked_dir(cook: CargoCall) -> str | None:
    """Where cook's compiled dependencies are in its layer: the target dir itself, or, when a
    cache mount covers it, the path the same RUN copies it to (`cp -a target /deps/target`)."""
    if _covering(cook.instruction.mounts, cook.target_dir) is None:
        return cook.target_dir
    for command in run_commands(cook.instruction):
        if command.program != "cp":
            continue
        operands = [a for a in command.argv[1:] if not a.startswith("-")]
        if len(operands) < 2 or not any(
            overlap(resolve(command.cwd, source), cook.target_dir) == "under"
            and overlap(cook.target_dir, resolve(command.cwd, source)) == "under"
            for source in operands[:-1]
        ):
            continue
        destination = resolve(command.cwd, operands[-1])
        if _covering(cook.instruction.mounts, destination) is None:
            return destination
    return None


def _seed_fix(scan: Scan, cook: CargoCall, build: CargoCall, mount: Mount) -> str:
    stage = scan.stage_of(cook.instruction)
    if stage is scan.stage_of(build.instruction):
        # A mount cannot be seeded from the stage it is in: cook needs a stage of its own.
        return (
            "Cook in a stage of its own (`FROM ... AS cook` with `RUN cargo chef cook ...`), build FROM it, "
            "and seed the mount: "
            + code(f"--mount=type=cache,target={mount.target},from=cook,source={cook.target_dir}")
            + "; "
            "or drop the mount."
        )
    seed = f"from={stage.name or stage.index},source={cook.target_dir}"
    mount_option = code(f"--mount=type=cache,target={mount.target},{seed}")
    return f"Seed the mount from the cook stage: {mount_option}; or drop it."


def mv_from_cache_mount(scan: Scan) -> Iterator[Finding]:
    """RD009: `mv` takes an artifact out of a cache mount."""
    for inst in scan.dockerfile.instructions:
        found = _mv_out_of_cache(inst)
        if found is not None:
            source, mount = found
            yield scan.finding(
                MV_FROM_CACHE_MOUNT,
                inst.line,
                f"{code('mv ' + source)} takes it out of the cache mount {mount.target}: the next build links it again",
                f"Use {code(f'cp {source} ...')} instead of `mv`.",
            )


def _mv_out_of_cache(inst: Instruction) -> tuple[str, Mount] | None:
    caches = [m for m in inst.mounts if m.type == "cache"]
    for command in run_commands(inst) if caches else []:
        if command.program != "mv":
            continue
        for source in file_operands(command):
            mount = next((m for m in caches if overlap(resolve(command.cwd, source), m.target) == "under"), None)
            if mount is not None:
                return source, mount
    return None


def _covering(mounts: tuple[Mount, ...], directory: str, kind: str | None = None) -> Mount | None:
    """A write-discarding mount that covers `directory` or part of it."""
    for mount in mounts:
        if mount.discards_writes and (kind is None or mount.type == kind) and overlap(directory, mount.target):
            return mount
    return None


def _relative(path: str, workdir: str) -> str:
    prefix = workdir.rstrip("/") + "/"
    return path[len(prefix) :] if path.startswith(prefix) else path

"""RD020: a target cache that the platforms of a multi-platform build share, where their outputs collide.

BuildKit keys a cache mount by its id (the target path when there is none), not by platform. That
matters where a stage runs once per target platform (an emulated one: its FROM names no build
platform) and cargo writes every platform's artifacts to the same paths (no --target, or one triple
for all). A stage on the build platform that cross-compiles (`xx-cargo`, `--target` per platform)
writes each platform's artifacts under target/<triple>/, and shares only what is the same for all.
"""

from __future__ import annotations

from collections.abc import Iterator

from rustdock.lint.model.cargo_calls import CargoCall
from rustdock.lint.model.dockerfile import Instruction, Mount
from rustdock.lint.model.platforms import PlatformSign, emulated, multi_platform, platform_key
from rustdock.lint.model.words import code, is_known, overlap, spelled
from rustdock.lint.rules.catalogue import TARGET_CACHE_SHARED_ACROSS_PLATFORMS, Finding
from rustdock.lint.rules.scan import Scan

PROFILE_DIRS = {"dev": "debug", "test": "debug", "bench": "release"}  # the Cargo book, "Build cache"
# What sharing one directory does to the platforms' builds, by the mount's `sharing=` (the Dockerfile
# reference, "RUN --mount=type=cache"; cargo blocks on its lock of the directory, measured with cargo 1.95).
CONSEQUENCES = {
    "locked": "BuildKit runs one platform's RUN after the other's, and a binary there is the last platform's",
    "shared": "cargo's lock on the directory makes one platform's build wait for the other's, which can replace "
    "a binary there before a later command of the first RUN reads it",
    "private": "BuildKit gives a build that starts while the other platform's holds the cache a new, empty "
    "one, and the next build picks either",
}


def target_cache_shared_across_platforms(scan: Scan) -> Iterator[Finding]:
    """RD020: a RUN that runs once per target platform builds into one target cache for all of them,
    and cargo's outputs of every platform land on the same paths. One finding per RUN."""
    sign = multi_platform(scan.dockerfile, scan.calls)
    if sign is None:
        return
    for inst in scan.dockerfile.instructions:
        if inst.cmd != "RUN" or not inst.mounts or not emulated(scan.dockerfile, scan.stage_of(inst)):
            continue
        for call in (c for c in scan.calls if c.instruction is inst and (c.is_build or c.kind == "cook")):
            shared = _shared_mounts(call)
            output = _output_dir(call)
            if shared and is_known(output):
                yield _finding(scan, inst, call, shared, output, sign)
                break


def _shared_mounts(call: CargoCall) -> list[tuple[Mount, list[str]]]:
    """The cache mounts on the call's target dir whose key is one for all platforms, each with the
    target platform arguments it names that its stage does not declare (BuildKit expands them to nothing)."""
    found = []
    for mount in call.instruction.mounts:
        if mount.type == "cache" and overlap(call.target_dir, mount.target) is not None:
            varies, undeclared = platform_key(mount.key, call.instruction.variables)
            if not varies:
                found.append((mount, undeclared))
    return found


def _output_dir(call: CargoCall) -> str:
    """Where the call puts the binaries it builds: target/<profile>, or target/<triple>/<profile>."""
    shape = call.shape()
    triple = "/".join(sorted(shape.targets))
    profile = PROFILE_DIRS.get(shape.profile, shape.profile)
    return "/".join(p for p in (call.target_dir, triple, profile) if p)


def _finding(
    scan: Scan, inst: Instruction, call: CargoCall, shared: list[tuple[Mount, list[str]]], output: str,
    sign: PlatformSign,
) -> Finding:
    mount, undeclared = shared[0]
    on = spelled(mount.target)
    what = f"id {code(mount.key)}" if mount.id is not None else f"no id, so its target {code(mount.key)} keys it"
    others = f" (and {len(shared) - 1} more mount{'s' if len(shared) > 2 else ''} on it)" if len(shared) > 1 else ""
    root = scan.dockerfile.chain(scan.stage_of(inst))[0]
    where = f"cargo's target dir {on}"
    if mount.target != call.target_dir:
        where = f"{on} (cargo's target dir is {call.target_dir})"
    if undeclared:
        empty = f"; ${undeclared[0]} in its id is empty, as the stage does not declare {code('ARG ' + undeclared[0])}"
        fix = f"Declare {code('ARG ' + undeclared[0])} in the stage (or one it is built FROM), before line {inst.line}."
    else:
        empty = ""
        fix = (
            "Put the platform into the id: "
            + code(f"--mount=type=cache,id={_platform_id(mount)},target={on},sharing={mount.sharing}")
            + " with `ARG TARGETPLATFORM` in the stage; or build on the build "
            "platform and cross-compile (`FROM --platform=$BUILDPLATFORM` with xx-cargo or --target per platform)."
        )
    return scan.finding(
        TARGET_CACHE_SHARED_ACROSS_PLATFORMS,
        inst.line,
        f"the cache mount on {where} ({what}, sharing={mount.sharing}){others} is "
        f"one for all platforms{empty}, and this stage runs once per target platform: its FROM (line {root.line}) "
        f"names no build platform, and this Dockerfile builds for several ({code(sign.spelled)}, line {sign.line}). "
        f"Each platform's {call.spelled} writes to the same {spelled(output)}: "
        + CONSEQUENCES.get(mount.sharing, CONSEQUENCES["shared"]),
        fix,
    )


def _platform_id(mount: Mount) -> str:
    """The mount's id with the platform in it (an id that names it already only lacks the ARG)."""
    base = mount.key if mount.id is not None else "target"
    return base if "TARGETPLATFORM" in base else f"{base}-$TARGETPLATFORM"

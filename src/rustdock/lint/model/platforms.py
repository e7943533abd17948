"""Whether a Dockerfile builds for several platforms, which of its stages run once per target platform,
and whether a cache key varies by platform.

The signs are the ones BuildKit's multi-platform builds and tonistiigi/xx leave in a Dockerfile. RD020
keeps quiet for a Dockerfile without any: a single-platform build shares its target cache with no
other platform. A stage whose FROM names no platform runs on (an emulation of) each target platform;
one `FROM --platform=$BUILDPLATFORM` runs on the machine that builds, and a constant `--platform`
on that one platform.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rustdock.lint.model.cargo_calls import CargoCall
from rustdock.lint.model.dockerfile import Dockerfile, Instruction, Stage
from rustdock.lint.model.shell import run_commands
from rustdock.lint.model.words import MARK, is_known, spelled, unknown

# Docker docs, "Multi-platform builds", automatic platform ARGs: the platform of the image being built.
# A multi-platform build runs the Dockerfile once per platform, each with its own values of these.
TARGET_ARGS = ("TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT")
# The same page: the platform of the machine that builds. `FROM --platform=$BUILDPLATFORM` runs a stage
# there for every target platform, to cross-compile instead of emulating.
BUILD_ARGS = ("BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT")
# tonistiigi/xx README: xx-apk, xx-apt-get, xx-cargo, xx-clang, xx-info, xx-verify, ... set up and check a
# cross-compilation for TARGETPLATFORM.
XX_PREFIX = "xx-"
VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class PlatformSign:
    """Where a Dockerfile shows that it builds for several platforms."""

    line: int
    spelled: str  # `FROM --platform=$BUILDPLATFORM`, `ARG TARGETARCH`, `xx-cargo`


def multi_platform(dockerfile: Dockerfile, calls: tuple[CargoCall, ...]) -> PlatformSign | None:
    """The first sign that the Dockerfile builds for several platforms; None when it shows none."""
    signs = []
    for stage in dockerfile.stages:
        if stage.platform and set(_names(stage.platform)) & {*TARGET_ARGS, *BUILD_ARGS}:
            signs.append(PlatformSign(stage.line, f"FROM --platform={stage.platform}"))
        if any(unknown(name) in stage.image for name in TARGET_ARGS):
            signs.append(PlatformSign(stage.line, f"FROM {spelled(stage.image)}"))
    for inst in (*dockerfile.meta_args, *dockerfile.instructions):
        signs += _instruction_signs(inst)
    for call in calls:
        targets = call.values("--target")
        if call.spelled.startswith(XX_PREFIX):
            signs.append(PlatformSign(call.instruction.line, call.spelled))
        elif any(not is_known(t) or "$(" in t for t in targets):
            signs.append(PlatformSign(call.instruction.line, f"{call.spelled} --target {spelled(targets[-1])}"))
    return min(signs, key=lambda s: s.line, default=None)


def _instruction_signs(inst: Instruction) -> list[PlatformSign]:
    if inst.cmd == "ARG":
        declared = [w.partition("=")[0] for w in inst.words]
        return [PlatformSign(inst.line, f"ARG {name}") for name in declared if name in TARGET_ARGS][:1]
    return [PlatformSign(inst.line, c.program) for c in run_commands(inst) if c.program.startswith(XX_PREFIX)][:1]


def emulated(dockerfile: Dockerfile, stage: Stage) -> bool:
    """Whether the stage runs on each target platform: its chain's FROM has no `--platform`, or one that
    names only target platform arguments (`--platform=$TARGETPLATFORM`)."""
    written = dockerfile.chain(stage)[0].platform
    if written is None:
        return True
    names = set(_names(written))
    return bool(names) and names <= set(TARGET_ARGS)


def platform_key(key: str, variables: Mapping[str, str]) -> tuple[bool, list[str]]:
    """Whether a cache key, as written, varies by target platform: it names a TARGET* arg that is declared
    where it is used, or a variable whose value comes from one. Also the TARGET* args it names that are not
    declared there: BuildKit expands them to nothing."""
    varies, undeclared = False, []
    for name in _names(key):
        if name in TARGET_ARGS:
            if name in variables:
                varies = True
            else:
                undeclared.append(name)
        elif any(unknown(arg) in variables.get(name, "") for arg in TARGET_ARGS):
            varies = True
    return varies, undeclared


def _names(text: str) -> list[str]:
    """The variables `text` refers to (`$NAME`, `${NAME}`, `${NAME:-...}`), markers left aside."""
    return VARIABLE.findall(text.replace(MARK, ""))

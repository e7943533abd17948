"""Which binaries the images are built for, and the image stage each one gets.

A binary is selected as a bare `cargo build` would build it (the default members' binaries whose
required features are on) unless `bins` or `exclude-bins` say otherwise, and every choice keeps
its reason for `rustdock plan`. Each selected binary gets a runtime stage of its own; the primary
one comes last, so that `docker build` without `--target` builds the image users expect.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rustdock.decide.caches import DEPS
from rustdock.decide.closure import enabled_features
from rustdock.errors import RustdockError
from rustdock.read.cargo import Project
from rustdock.read.targets import Binary
from rustdock.settings.config import NAME, Config

BIN_DIR = "/usr/local/bin"
# Stage names the template uses itself; a binary's image stage may not take them.
RESERVED_STAGES = ("chef", "planner", "cook", "builder", "runtime", "scratch",
                   DEPS.stage, *(DEPS.stage_of(value) for value, _ in DEPS.choices))
STAGE = re.compile(r"\A[a-z][a-z0-9_.-]*\Z")


@dataclass(frozen=True)
class BinaryChoice:
    name: str
    package: str
    path: str
    required_features: tuple[str, ...]
    selected: bool
    reason: str  # why it is (not) selected, for `rustdock plan`
    features_enabled: bool  # its required features are on: `cargo build --bins` would build it


@dataclass(frozen=True)
class ImageTarget:
    """One final image: `docker build --target <stage>` builds the image that runs `binary`."""

    stage: str
    binary: str
    artifact: str  # path of the built binary in the cache-mounted target dir, relative to workdir
    copied_to: str  # where the build RUN copies it: under no mount
    installed_at: str  # where it lives in the runtime image
    entrypoint: tuple[str, ...]  # the image's ENTRYPOINT: the binary, behind an init if there is one


def choose_binaries(project: Project, config: Config) -> list[BinaryChoice]:
    known = {b.name for b in project.binaries}
    for key, names in (("bins", config.bins or ()), ("exclude-bins", config.exclude_bins)):
        unknown = [n for n in names if n not in known]
        if unknown:
            raise RustdockError(
                f"{key} names {unknown[0]!r}, which is not a binary of this project "
                f"(binaries: {', '.join(sorted(known)) or 'none'})"
            )
    choices = []
    default_members = set(project.default_members)  # sets: one lookup per binary, thousands of them
    excluded, listed = set(config.exclude_bins), set(config.bins or ())
    for package in project.packages:
        enabled = enabled_features(package, config)
        for binary in package.binaries:
            missing = [
                f for f in binary.required_features if enabled is not None and f not in enabled
            ]
            if binary.name in excluded:
                selected, reason = False, "listed in exclude-bins"
            elif config.bins is not None:
                selected = binary.name in listed
                reason = "listed in bins" if selected else "not listed in bins"
                if selected and missing:
                    raise RustdockError(
                        f"binary {binary.name!r} requires features {', '.join(missing)}; "
                        "add them to `features`"
                    )
            elif missing:
                selected, reason = False, f"required features not enabled: {', '.join(missing)}"
            elif package.name not in default_members:
                selected, reason = False, "package is not built by a bare `cargo build`"
            else:
                selected, reason = True, "built by a bare `cargo build`"
            choices.append(_choice(binary, selected, reason, not missing))
    return choices


def _choice(binary: Binary, selected: bool, reason: str, features_enabled: bool) -> BinaryChoice:
    return BinaryChoice(
        name=binary.name,
        package=binary.package,
        path=binary.path,
        required_features=binary.required_features,
        selected=selected,
        reason=reason,
        features_enabled=features_enabled,
    )


def refuse_duplicate_names(selected: list[BinaryChoice]) -> None:
    seen: dict[str, str] = {}
    for choice in selected:
        if not NAME.match(choice.name) or not NAME.match(choice.package):
            raise RustdockError(f"binary {choice.name!r} of {choice.package!r}: unsupported name")
        if choice.name in seen:
            raise RustdockError(
                f"packages {seen[choice.name]!r} and {choice.package!r} both have a binary "
                f"named {choice.name!r}; leave one out with `exclude-bins`"
            )
        seen[choice.name] = choice.package


def project_name(project: Project, selected: list[BinaryChoice]) -> str:
    """A stable name for cache ids: the root package, else the primary binary's package."""
    return project.root_package or _primary(project, selected).package


def _primary(project: Project, selected: list[BinaryChoice]) -> BinaryChoice:
    """The binary `docker build` builds without --target: default-run, else the package's own bin."""
    preferred = []
    for name in [project.root_package, *project.default_members]:
        if name is None:
            continue
        package = project.package(name)
        preferred += [package.default_run, package.name]
    for name in preferred:
        for choice in selected:
            if choice.name == name:
                return choice
    return selected[0]


def image_targets(
    project: Project, selected: list[BinaryChoice], artifact_dir: str, out_dir: str, init: tuple[str, ...]
) -> tuple[ImageTarget, ...]:
    primary = _primary(project, selected)
    ordered = [c for c in selected if c is not primary] + [primary]
    stages = _stage_names([c.name for c in ordered])
    return tuple(
        ImageTarget(
            stage=stages[choice.name],
            binary=choice.name,
            artifact=f"{artifact_dir}/{choice.name}",
            copied_to=f"{out_dir}/{choice.name}",
            installed_at=f"{BIN_DIR}/{choice.name}",
            entrypoint=(*init, f"{BIN_DIR}/{choice.name}"),
        )
        for choice in ordered
    )


def _stage_names(binaries: list[str]) -> dict[str, str]:
    """A stage per binary: its own name where Docker allows it, else `bin-<name>[-N]`.

    Names that can be used as they are go first, so a fallback never takes a binary's own name.
    """
    wanted = {b: b.lower() for b in binaries}
    counts = Counter(wanted.values())
    names = {
        b: s for b, s in wanted.items()
        if STAGE.match(s) and s not in RESERVED_STAGES and counts[s] == 1
    }
    taken = set(RESERVED_STAGES) | set(names.values())
    for binary in binaries:
        if binary in names:
            continue
        base = re.sub(r"[^a-z0-9_.-]", "-", wanted[binary])
        stage, n = f"bin-{base}", 2
        while stage in taken:
            stage, n = f"bin-{base}-{n}", n + 1
        names[binary] = stage
        taken.add(stage)
    return names

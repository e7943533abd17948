"""Rules about cargo and cargo-chef: cook exists, comes before the sources, and agrees with build."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rustdock.lint.model.cargo_calls import CargoCall, differences
from rustdock.lint.model.dockerfile import Instruction, split_image
from rustdock.lint.model.words import code, is_known, overlap, parts
from rustdock.lint.rules.catalogue import (
    CHEF_WITHOUT_COOK,
    COOK_AFTER_SOURCE_COPY,
    COOK_BUILD_DIRECTORY_DIFFERS,
    COOK_BUILD_FLAGS_DIFFER,
    INSTALL_WITHOUT_LOCKED,
    RUST_VERSION_DIFFERS,
    Finding,
)
from rustdock.lint.rules.scan import Scan

NUMERIC = re.compile(r"\A[0-9]+(?:\.[0-9]+)*\Z")
CHANNELS = ("nightly", "beta")


def chef_without_cook(scan: Scan) -> Iterator[Finding]:
    """RD003: a recipe is prepared and never cooked."""
    prepares = scan.calls_of("prepare")
    if prepares and not scan.calls_of("cook"):
        yield scan.finding(
            CHEF_WITHOUT_COOK,
            prepares[0].instruction.line,
            f"{prepares[0].spelled} writes a recipe, but no `cargo chef cook` compiles it: "
            "dependencies are not cached in a layer of their own",
        )


def cook_after_source_copy(scan: Scan) -> Iterator[Finding]:
    """RD004: cook runs in a stage that already has the whole source tree."""
    for cook in scan.calls_of("cook"):
        copy = next((i for i in scan.dockerfile.history(cook.instruction) if _copies_context_root(i)), None)
        if copy is not None:
            yield scan.finding(
                COOK_AFTER_SOURCE_COPY,
                cook.instruction.line,
                f"{cook.spelled} runs after {code(copy.cmd + ' ' + ' '.join(copy.words))} (line {copy.line}): "
                "any source change invalidates the cook layer",
            )


def cook_build_flags_differ(scan: Scan) -> Iterator[Finding]:
    """RD005: the build asks for other artifacts than cook compiled."""
    for build, cook in scan.cook_pairs:
        diff = differences(cook.shape(), build.shape())
        if diff:
            yield scan.finding(
                COOK_BUILD_FLAGS_DIFFER,
                build.instruction.line,
                f"{build.spelled} (line {scan.line_of(build)}) and the {cook.spelled} it builds on "
                f"(line {scan.line_of(cook)}) differ: {'; '.join(diff)}",
            )


def cook_build_directory_differs(scan: Scan) -> Iterator[Finding]:
    """RD006: the build looks for cooked artifacts where cook did not put them."""
    for build, cook in scan.cook_pairs:
        if cook.values("--manifest-path") or build.values("--manifest-path"):
            continue
        pairs = [("runs in", cook.cwd, build.cwd), ("uses the target dir", cook.target_dir, build.target_dir)]
        if build.cwd != cook.cwd and overlap(build.cwd, cook.cwd) == "under":
            # cargo looks upward for the workspace root, and a member builds into the root's target dir (the
            # Cargo book, "Workspaces"): below the cook's directory, only target dirs both name can be compared.
            if not (_names_target_dir(cook) and _names_target_dir(build)):
                continue
            pairs = pairs[1:]
        for what, cooked, built in pairs:
            if cooked != built and is_known(cooked) and is_known(built):
                yield scan.finding(
                    COOK_BUILD_DIRECTORY_DIFFERS,
                    build.instruction.line,
                    f"{build.spelled} (line {scan.line_of(build)}) {what} {built}, but the {cook.spelled} "
                    f"it builds on (line {scan.line_of(cook)}) {what} {cooked}",
                )
                break


def _names_target_dir(call: CargoCall) -> bool:
    return bool(call.values("--target-dir")) or "CARGO_TARGET_DIR" in call.environment


def rust_version_differs(scan: Scan) -> Iterator[Finding]:
    """RD007: cook and build stages start from images with different Rust versions."""
    df = scan.dockerfile
    for build, cook in scan.cook_pairs:
        build_root = df.chain(scan.stage_of(build.instruction))[0]
        cook_root = df.chain(scan.stage_of(cook.instruction))[0]
        if build_root is cook_root:
            continue
        built, cooked = rust_version(build_root.image), rust_version(cook_root.image)
        if built is not None and cooked is not None and _conflict(built, cooked):
            yield scan.finding(
                RUST_VERSION_DIFFERS,
                build_root.line,
                f"the build runs on {build_root.image} (Rust {built}), but cargo chef cook "
                f"(line {cook.instruction.line}) ran on {cook_root.image} (Rust {cooked})",
            )


def install_without_locked(scan: Scan) -> Iterator[Finding]:
    """RD012: `cargo install` resolves fresh dependency versions."""
    for install in scan.calls_of("install"):
        if install.locked or install.has("--list"):  # `--list` shows what is installed, it builds nothing
            continue
        if install.values("--path"):
            message = f"{install.spelled} --path ignores Cargo.lock without --locked"
        else:
            message = f"{install.spelled} without --locked builds with the newest dependency versions of the day"
        yield scan.finding(INSTALL_WITHOUT_LOCKED, install.instruction.line, message)


def rust_version(image: str) -> str | None:
    """The Rust version an official Rust or cargo-chef image tag names ("" for a floating tag)."""
    repository, tag = split_image(image)
    base = repository.rsplit("/", 1)[-1]
    if not is_known(image) or base not in ("rust", "cargo-chef"):
        return None
    if base == "cargo-chef":
        if tag is None or "-rust-" not in tag:
            return ""
        tag = tag.split("-rust-", 1)[1]
    version = (tag or "").split("-")[0]
    return version if NUMERIC.match(version) or version in CHANNELS else ""


def _conflict(a: str, b: str) -> bool:
    """Whether two versions surely differ; a floating tag (`1`, `latest`) may be either."""
    if not a or not b:
        return False
    if a in CHANNELS or b in CHANNELS:
        return a != b
    return any(x != y for x, y in zip(a.split("."), b.split(".")))


def _copies_context_root(inst: Instruction) -> bool:
    if inst.cmd not in ("COPY", "ADD") or inst.flag("from") is not None:
        return False
    return any(parts(source) in ((), ("*",)) for source in inst.paths[0])

"""Rules that read the build context: its .dockerignore and its Cargo.lock."""

from __future__ import annotations

from collections.abc import Iterator

from rustdock.lint.model.words import code, overlap, parts
from rustdock.lint.rules.catalogue import BUILD_WITHOUT_LOCKED, HOST_TARGET_IN_CONTEXT, Finding
from rustdock.lint.rules.scan import Scan

REMOTE = ("http://", "https://", "git@", "git://")
GLOB = "*?["


def host_target_in_context(scan: Scan) -> Iterator[Finding]:
    """RD002: a COPY or ADD from the context can bring the host's target/ in."""
    context = scan.context
    if context is None or context.excludes_target or not (scan.calls or context.has_manifest):
        return
    copies = []
    for inst in scan.dockerfile.instructions:
        if inst.cmd not in ("COPY", "ADD") or inst.flag("from") is not None:
            continue
        if any(_brings_target(s) for s in inst.paths[0] if not s.startswith(REMOTE)):
            copies.append(inst)
    if not copies:
        return
    first = copies[0]
    reason = (
        f"{context.ignore_file.name} does not exclude target/" if context.ignore_file else "there is no .dockerignore"
    )
    others = [str(i.line) for i in copies[1:]]
    also = f" (also line{'s' if len(others) > 1 else ''} {', '.join(others)})" if others else ""
    yield scan.finding(
        HOST_TARGET_IN_CONTEXT,
        first.line,
        f"{code(first.cmd + ' ' + ' '.join(first.words))}{also} sends the host's target/ into the build: {reason}",
        f"Add `target/` to {context.ignore_file or context.root / '.dockerignore'}.",
    )


def build_without_locked(scan: Scan) -> Iterator[Finding]:
    """RD011: the project has a lockfile and the build does not insist on it."""
    if scan.context is None or not scan.context.has_lockfile:
        return
    for build in scan.calls:
        if build.kind in ("build", "zigbuild") and not build.locked:
            yield scan.finding(
                BUILD_WITHOUT_LOCKED,
                build.instruction.line,
                f"{build.spelled} runs without --locked although the context has a Cargo.lock",
            )


def _brings_target(source: str) -> bool:
    """Whether copying `source` takes target/ along unasked: `.` or `*` do, `target/release/app`
    names it on purpose."""
    relation = overlap("/" + source.lstrip("/"), "/target")
    first = parts(source)[0] if parts(source) else ""
    return relation == "contains" or (relation == "under" and any(c in first for c in GLOB))

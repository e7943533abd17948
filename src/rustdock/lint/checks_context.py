"""Rules that read the build context: its .dockerignore and its Cargo.lock."""

from __future__ import annotations

from collections.abc import Iterator

from rustdock.lint.rules import BUILD_WITHOUT_LOCKED, HOST_TARGET_IN_CONTEXT, Finding
from rustdock.lint.scan import Scan
from rustdock.lint.words import overlap

REMOTE = ("http://", "https://", "git@", "git://")


def host_target_in_context(scan: Scan) -> Iterator[Finding]:
    """RD002: a COPY or ADD from the context can bring the host's target/ in."""
    context = scan.context
    if context is None or context.excludes_target or not (scan.calls or context.has_manifest):
        return
    copies = []
    for inst in scan.dockerfile.instructions:
        if inst.cmd not in ("COPY", "ADD") or inst.flag("from") is not None:
            continue
        sources = [s for s in inst.paths[0] if not s.startswith(REMOTE)]
        if any(overlap("/" + s.lstrip("/"), "/target") for s in sources):
            copies.append(inst)
    if not copies:
        return
    first = copies[0]
    reason = (
        f"{context.ignore_file.name} does not exclude target/" if context.ignore_file else "there is no .dockerignore"
    )
    also = f" (and line {', '.join(str(i.line) for i in copies[1:])})" if copies[1:] else ""
    yield scan.finding(
        HOST_TARGET_IN_CONTEXT,
        first.line,
        f"`{first.cmd} {' '.join(first.words)}`{also} sends the host's target/ into the build: {reason}",
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
                f"cargo {build.kind} runs without --locked although the context has a Cargo.lock",
            )

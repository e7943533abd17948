"""Rules about the Dockerfile's text itself: what BuildKit reads differently from how it looks."""

from __future__ import annotations

from collections.abc import Iterator

from rustdock.lint.model.continuations import swallowed
from rustdock.lint.model.words import code
from rustdock.lint.rules.catalogue import SWALLOWED_INSTRUCTION, Finding
from rustdock.lint.rules.scan import Scan


def swallowed_instruction(scan: Scan) -> Iterator[Finding]:
    """RD018: a line continuation made an instruction part of the one above it."""
    for found in swallowed(scan.dockerfile):
        inst = found.instruction
        what = "runs it as shell text" if inst.cmd == "RUN" else f"reads it as part of the {inst.cmd}"
        yield scan.finding(
            SWALLOWED_INSTRUCTION,
            found.line,
            f"{code(found.text)} is part of the {inst.cmd} on line {inst.line}: the line continuation on line "
            f"{found.continued_at} swallowed it, so BuildKit {what} and no {found.keyword.upper()} happens here",
            f"Remove the {code(found.escape)} at the end of line {found.continued_at}, so that {code(found.keyword)} "
            "starts "
            "an instruction of its own.",
        )

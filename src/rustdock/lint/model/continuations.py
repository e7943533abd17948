"""Instructions that a line continuation swallowed: a line that starts, at column 0, with an instruction
keyword inside another instruction, because the line before it (or before the blank and comment lines
above it) ended with the escape character.

BuildKit joins a continued line with the next line that is neither blank nor a comment, whatever it
holds, so `RUN make \\` followed by a blank line and `FROM debian` runs `make FROM debian` and never
starts the stage. Heredoc bodies are not continued lines: a heredoc line `FROM x` is text. This is the
one reading of it: RD018 reports it, and the generator's guard (rustdock/format/guard.py) refuses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rustdock.lint.model.dockerfile import INSTRUCTIONS, Dockerfile, Instruction

# BuildKit's parser directives (frontend/dockerfile/parser/directives.go): `# escape=` at the very top,
# before any other line, picks the escape character (`\` or a backtick).
DIRECTIVE = re.compile(r"\A\s*#\s*(?P<name>[A-Za-z][A-Za-z0-9_]*)\s*=\s*(?P<value>.+?)\s*\Z")
DEFAULT_ESCAPE = "\\"
KEYWORD = re.compile(rf"\A(?P<keyword>{'|'.join(sorted(INSTRUCTIONS))})\s", re.IGNORECASE)
# Keywords that are also shell commands people write at column 0 of a continued RUN: only their upper-case
# spelling, which no shell script uses, reads as a swallowed instruction.
SHELL_COMMANDS = frozenset({"env"})  # env(1), GNU coreutils


@dataclass(frozen=True)
class Swallowed:
    """A line of `instruction` that reads like an instruction of its own."""

    line: int  # the line that starts with the keyword
    text: str  # that line, stripped
    keyword: str  # as written (`FROM`)
    instruction: Instruction  # the instruction it became part of
    continued_at: int  # the line whose trailing escape character swallowed it
    escape: str = DEFAULT_ESCAPE  # that character


def swallowed(dockerfile: Dockerfile) -> list[Swallowed]:
    """Every line that a line continuation joined to the instruction above it, though it starts like
    an instruction, in the order of the file."""
    escape = escape_character(dockerfile.lines)
    continued = re.compile(re.escape(escape) + r"[ \t]*\Z")
    found = []
    for inst in dockerfile.instructions:
        last = inst.line  # the last line of the instruction's own text that is neither blank nor a comment
        for number in range(inst.line + 1, inst.end_line + 1):
            if not continued.search(dockerfile.lines[last - 1]):
                break  # the instruction's text ended: what follows up to end_line are heredoc bodies
            line = dockerfile.lines[number - 1]
            if not line.strip() or line.lstrip().startswith("#"):
                continue  # BuildKit skips these inside a continuation, and goes on joining
            match = KEYWORD.match(line)
            if match and (match["keyword"].lower() not in SHELL_COMMANDS or match["keyword"].isupper()):
                found.append(Swallowed(number, line.strip(), match["keyword"], inst, last, escape))
            last = number
    return found


def escape_character(lines: tuple[str, ...]) -> str:
    """The escape character the `# escape=` parser directive picks, else the backslash."""
    for line in lines:
        match = DIRECTIVE.match(line)
        if match is None:
            break  # directives come first: a blank line, a comment or an instruction ends them
        if match["name"].lower() == "escape" and match["value"] in ("\\", "`"):
            return match["value"]
    return DEFAULT_ESCAPE

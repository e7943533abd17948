"""Split a RUN's shell script into simple commands, each with the directory it runs in.

Enough of POSIX sh for Dockerfiles: `&&`, `||`, `;`, `|`, `&`, newlines and subshells separate
commands; `NAME=value` prefixes, `env`, `exec` and control keywords are stripped; `cd` changes
the directory for the commands after it; `sh -c '...'` is read as a script of its own.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from rustdock.lint.model import Instruction
from rustdock.lint.words import Lookup, expand, resolve, unknown

SEPARATORS = frozenset(";&|()\n")
REDIRECTIONS = frozenset({"<", ">", ">>", "<<", "<&", ">&", "&>", ">|", "<<<", "&>>"})
KEYWORDS = frozenset({"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}",
                      "time", "exec", "command", "nohup"})
SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
ASSIGNMENT = re.compile(r"\A[A-Za-z_][A-Za-z0-9_]*=")


@dataclass(frozen=True)
class Command:
    """One simple command: its expanded words, working directory and `NAME=value` prefixes."""

    argv: tuple[str, ...]
    cwd: str
    assignments: dict[str, str] = field(default_factory=dict)

    @property
    def program(self) -> str:
        return self.argv[0].rsplit("/", 1)[-1]


def commands(script: str, cwd: str, lookup: Lookup) -> list[Command]:
    """The simple commands of `script`, in order; [] when it cannot be tokenised."""
    try:
        tokens = _tokens(script)
    except ValueError:
        return []
    found: list[Command] = []
    for words in _split(tokens):
        for command in _simple(words, cwd, lookup):
            if command.program == "cd":
                cwd = resolve(cwd, command.argv[1]) if len(command.argv) == 2 else unknown("PWD")
            found.append(command)
    return found


def run_commands(inst: Instruction) -> list[Command]:
    """The simple commands a RUN instruction executes (one for the JSON exec form)."""
    if inst.cmd != "RUN":
        return []
    script = inst.script
    if script is None:
        return [Command(inst.words, inst.workdir)] if inst.words else []
    return commands(script, inst.workdir, inst.variables.get)


def _tokens(script: str) -> list[str]:
    lexer = shlex.shlex(script, posix=True, punctuation_chars=";&|()<>\n")
    lexer.whitespace = " \t\r"
    lexer.whitespace_split = True
    lexer.commenters = ""
    tokens: list[str] = []
    comment = False
    for token in lexer:
        if token.startswith("\n"):
            comment = False
        elif token.startswith("#"):
            comment = True
        if not comment:
            tokens.append(token)
    return tokens


def _split(tokens: list[str]) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    skip_next = False
    for token in tokens:
        if skip_next:
            skip_next = False
        elif token in REDIRECTIONS:
            skip_next = True
        elif set(token) <= SEPARATORS:
            groups.append([])
        else:
            groups[-1].append(token)
    return [g for g in groups if g]


def _simple(words: list[str], cwd: str, lookup: Lookup) -> list[Command]:
    assignments: dict[str, str] = {}
    while words and (words[0] in KEYWORDS or words[0] == "env" or ASSIGNMENT.match(words[0])):
        if ASSIGNMENT.match(words[0]):
            name, _, value = words[0].partition("=")
            assignments[name] = expand(value, lookup, quotes=False)
        words = words[1:]
    if not words:
        return []

    def scoped(name: str) -> str | None:
        return assignments[name] if name in assignments else lookup(name)

    argv = tuple(expand(w, scoped, quotes=False) for w in words)
    program = argv[0].rsplit("/", 1)[-1]
    if program in SHELLS and "-c" in argv[:-1]:
        inner = argv[argv.index("-c") + 1]
        return [Command(c.argv, c.cwd, assignments | c.assignments) for c in commands(inner, cwd, scoped)]
    return [Command(argv, cwd, assignments)]

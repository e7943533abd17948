"""Split a RUN's shell script into simple commands, each with the directory it runs in, the branch
of the script it lies on and the files its output redirections write.

Enough of POSIX sh for Dockerfiles: `&&`, `||`, `;`, `|`, `&`, newlines and subshells separate
commands; `NAME=value` prefixes, `env`, `exec` and control keywords are stripped; `cd` changes
the directory for the commands after it; `sh -c '...'` is read as a script of its own. The arms of
`if`/`elif`/`else` and the two sides of `||` are branches: no run of the script executes two
commands that lie in different arms of one of them (see `exclusive`).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from itertools import count

from rustdock.lint.model import Instruction
from rustdock.lint.words import Lookup, expand, resolve, unknown

SEPARATORS = frozenset(";&|()\n")
# What a run of separator characters is made of, longest first: shlex hands `;;\n` or `&&(` over as one token.
OPERATORS = ("&&", "||", ";;", ";", "&", "|", "(", ")", "\n")
REDIRECTIONS = frozenset({"<", ">", ">>", "<<", "<&", ">&", "&>", ">|", "<<<", "&>>"})
OUTPUTS = frozenset({">", ">>", ">|", "&>", "&>>"})  # the redirections whose word is a file written (not `>&2`)
KEYWORDS = frozenset({"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}",
                      "time", "exec", "command", "nohup"})
# Keywords that open, divide or close a compound command; the other KEYWORDS only prefix a command.
STRUCTURE = frozenset({"if", "then", "elif", "else", "fi", "while", "until", "do", "done", "{", "}"})
SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
ASSIGNMENT = re.compile(r"\A[A-Za-z_][A-Za-z0-9_]*=")
Branch = tuple[tuple[int, int], ...]  # (construct, arm) for every `if` and `||` list the command lies in
_CONSTRUCTS = count()  # ids unique across scripts, so that a `sh -c` script's branches nest in its caller's


@dataclass(frozen=True)
class Command:
    """One simple command: its expanded words, working directory, `NAME=value` prefixes, branch, and
    the files its output redirections write (`> /out/version`), expanded."""

    argv: tuple[str, ...]
    cwd: str
    assignments: dict[str, str] = field(default_factory=dict)
    branch: Branch = ()
    outputs: tuple[str, ...] = ()

    @property
    def program(self) -> str:
        return self.argv[0].rsplit("/", 1)[-1]


def exclusive(a: Branch, b: Branch) -> bool:
    """Whether no run of the script executes both: they lie in different arms of one `if` or `||`."""
    arms = dict(a)
    return any(arms.get(construct, arm) != arm for construct, arm in b)


def commands(script: str, cwd: str, lookup: Lookup) -> list[Command]:
    """The simple commands of `script`, in order; [] when it cannot be tokenised."""
    try:
        tokens = _tokens(script)
    except ValueError:
        return []
    found: list[Command] = []
    for words, branch, outputs in _split(tokens):
        for command in _simple(words, cwd, lookup, branch, outputs):
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


class _Branches:
    """Which arm of which `if` and `||` list the words being read lie in.

    An and-or list (commands joined by `&&`, `||`, `|`) is a construct whose arms the `||`s separate;
    `;`, `&` and newlines start a new list. `if` opens a construct whose arms are its `then`, `elif`
    and `else` parts; its first condition runs on every path, so it lies in no arm of it. A subshell
    or an `if` is one element of the list around it, which resumes after `)` or `fi`.
    """

    def __init__(self) -> None:
        self.list = [next(_CONSTRUCTS), 0]  # the current and-or list: id, arm
        self.stack: list[tuple[list[int], list[int] | None]] = []  # (list around it, `if`: [id, arm, condition])

    @property
    def current(self) -> Branch:
        path: list[tuple[int, int]] = []
        for outer, clause in self.stack:
            path.append((outer[0], outer[1]))
            if clause is not None and (clause[1] or not clause[2]):
                path.append((clause[0], clause[1]))
        return (*path, (self.list[0], self.list[1]))

    def operator(self, op: str) -> None:
        if op == "||":
            self.list[1] += 1
        elif op == "(":
            self.stack.append((self.list, None))
            self.list = [next(_CONSTRUCTS), 0]
        elif op == ")" and self.stack and self.stack[-1][1] is None:
            self.list = self.stack.pop()[0]
        elif op in (";", ";;", "&", "\n"):
            self.list = [next(_CONSTRUCTS), 0]

    def keyword(self, word: str) -> None:
        clause = self.stack[-1][1] if self.stack else None
        if word in ("{", "}"):
            self.operator("(" if word == "{" else ")")  # a `{ ...; }` group is one element of its list, as `( ... )` is
            return
        if word == "if":
            self.stack.append((self.list, [next(_CONSTRUCTS), 0, 1]))
        elif word in ("then", "elif", "else") and clause is not None:
            clause[1] += word != "then"
            clause[2] = int(word == "elif")
        elif word == "fi" and clause is not None:
            self.list = self.stack.pop()[0]
            return
        self.list = [next(_CONSTRUCTS), 0]


def _split(tokens: list[str]) -> list[tuple[list[str], Branch, list[str]]]:
    """The words of each simple command, with the branch it lies on and the files it redirects output to."""
    groups: list[tuple[list[str], Branch, list[str]]] = []
    words: list[str] = []
    outputs: list[str] = []
    branches = _Branches()
    redirection = None
    for token in tokens:
        if redirection is not None:
            if redirection in OUTPUTS:
                outputs.append(token)
            redirection = None
        elif token in REDIRECTIONS:
            redirection = token
        elif set(token) <= SEPARATORS:
            if words:
                groups.append((words, branches.current, outputs))
            words, outputs = [], []
            for op in _operators(token):
                branches.operator(op)
        elif not words and token in STRUCTURE:
            branches.keyword(token)
        else:
            words.append(token)
    if words:
        groups.append((words, branches.current, outputs))
    return groups


def _operators(token: str) -> list[str]:
    found = []
    while token:
        op = next(o for o in OPERATORS if token.startswith(o))
        found.append(op)
        token = token[len(op) :]
    return found


def _simple(words: list[str], cwd: str, lookup: Lookup, branch: Branch, outputs: list[str]) -> list[Command]:
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

    argv = tuple(_word(w, scoped) for w in words)
    program = argv[0].rsplit("/", 1)[-1]
    if program in SHELLS and "-c" in argv[:-1]:
        inner = argv[argv.index("-c") + 1]
        return [
            Command(c.argv, c.cwd, assignments | c.assignments, branch + c.branch, c.outputs)
            for c in commands(inner, cwd, scoped)
        ]
    written = tuple(_word(w, scoped) for w in outputs)
    return [Command(argv, cwd, assignments, branch, written)]


def _word(word: str, lookup: Lookup) -> str:
    """A word with its variables expanded, and a leading `~` (POSIX tilde expansion) as $HOME."""
    if word == "~" or word.startswith("~/"):
        word = "$HOME" + word[1:]
    return expand(word, lookup, quotes=False)

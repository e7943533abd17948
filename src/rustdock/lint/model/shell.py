"""Split a RUN's shell script into simple commands, each with the directory it runs in, the branch
of the script it lies on and the files its output redirections write.

Enough of POSIX sh for Dockerfiles: shell_words.py reads the words, `&&`, `||`, `;`, `|`, `&`,
newlines and subshells separate commands; control keywords and the prefixes of prefixes.py
(`NAME=value`, `env`, `sudo`, `nice`, `time`, `exec`, `${VAR:+env ...}`) are stripped; `cd` changes
the directory for the commands after it; `sh -c '...'` is read as a script of its own. The arms of
`if`/`elif`/`else` and the two sides of `||` are branches: no run of the script executes two
commands that lie in different arms of one of them (see `exclusive`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count

from rustdock.lint.model.dockerfile import Instruction
from rustdock.lint.model.prefixes import strip_prefixes
from rustdock.lint.model.shell_words import OPERATORS, REDIRECTIONS, tokens
from rustdock.lint.model.words import Lookup, expand, resolve, unknown

OUTPUTS = frozenset({">", ">>", ">|", "&>", "&>>", "<>"})  # the redirections whose word is a file written (not `>&2`)
# Reserved words that open, divide or close a compound command (POSIX, "Reserved Words").
STRUCTURE = frozenset({"if", "then", "elif", "else", "fi", "while", "until", "do", "done", "{", "}"})
SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
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
        found_tokens = tokens(script)
    except ValueError:
        return []
    found: list[Command] = []
    for words, branch, outputs in _split(found_tokens):
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


def _split(found: list[str]) -> list[tuple[list[str], Branch, list[str]]]:
    """The words of each simple command, with the branch it lies on and the files it redirects output to."""
    groups: list[tuple[list[str], Branch, list[str]]] = []
    words: list[str] = []
    outputs: list[str] = []
    branches = _Branches()
    redirection = None
    for token in found:
        if redirection is not None:
            if redirection in OUTPUTS:
                outputs.append(token)
            redirection = None
        elif token in REDIRECTIONS:
            redirection = token
        elif token in OPERATORS:
            if words:
                groups.append((words, branches.current, outputs))
            words, outputs = [], []
            branches.operator(token)
        elif not words and token in STRUCTURE:
            branches.keyword(token)
        else:
            words.append(token)
    if words:
        groups.append((words, branches.current, outputs))
    return groups


def _simple(words: list[str], cwd: str, lookup: Lookup, branch: Branch, outputs: list[str]) -> list[Command]:
    assignments, words = strip_prefixes(words, lookup)
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
    """A word with its quotes removed and its variables expanded, a leading `~` (POSIX tilde expansion)
    as $HOME, and what a command substitution prints as unknowable."""
    if word == "~" or word.startswith("~/"):
        word = "$HOME" + word[1:]
    return expand(word, lookup, substitutions=True)

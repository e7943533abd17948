"""The words in front of a simple command that are not the program it runs: `NAME=value` assignments,
and commands that run the command after them (`env`, `sudo`, `nice`, `time`, `exec`, ...).

`PKG_CONFIG="$(...)" RUSTFLAGS="..." ${JEMALLOC:+env JEMALLOC_SYS_WITH_LG_PAGE=$JEMALLOC} xx-cargo chef
cook` runs `xx-cargo`: the assignments are taken as sh takes them (before the command word only), and a
word that is a whole `${VAR:+words}` or `${VAR:-words}` counts as a prefix when every way it can expand
is a prefix command (or nothing). sh does not read assignments in what an expansion yields, so there
only `env` sets variables. A program that is not in PREFIXES is the command.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rustdock.lint.model.shell_words import is_operator, tokens
from rustdock.lint.model.words import Lookup, expand, is_known, unknown

ASSIGNMENT = re.compile(r"\A[A-Za-z_][A-Za-z0-9_]*=")
# A word that is one parameter expansion with an alternative or a default: `${NAME:+words}`, `${NAME-words}`.
SLOT = re.compile(r"\A\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-+])(?P<words>.*)\}\Z", re.DOTALL)


@dataclass(frozen=True)
class Prefix:
    """A program that runs the command written after its own options."""

    valued: frozenset[str] = frozenset()  # options whose value is the next word
    operands: int = 0  # words it takes after its options, before the command (timeout's duration)
    assignments: bool = False  # takes `NAME=value` words before the command
    prints: frozenset[str] = frozenset()  # options with which it runs nothing (`command -v`)


PREFIXES: dict[str, Prefix] = {
    # GNU coreutils env(1): options, then NAME=VALUE pairs, then the command
    "env": Prefix(frozenset({"-u", "--unset", "-C", "--chdir", "-S", "--split-string"}), assignments=True),
    # sudo(8): options, then VAR=value pairs, then the command
    "sudo": Prefix(frozenset({"-u", "--user", "-g", "--group", "-C", "--close-from", "-D", "--chdir", "-h",
                              "--host", "-p", "--prompt", "-r", "--role", "-t", "--type", "-T",
                              "--command-timeout", "-U", "--other-user"}), assignments=True),
    "nice": Prefix(frozenset({"-n", "--adjustment"})),  # GNU coreutils nice(1)
    "time": Prefix(frozenset({"-f", "--format", "-o", "--output"})),  # bash's `time -p` keyword; GNU time(1)
    "exec": Prefix(frozenset({"-a"})),  # POSIX exec; bash's `exec [-cl] [-a name]`
    "command": Prefix(prints=frozenset({"-v", "-V"})),  # POSIX command [-p]; -v and -V only say what it is
    "nohup": Prefix(),  # POSIX nohup
    "timeout": Prefix(frozenset({"-s", "--signal", "-k", "--kill-after"}), operands=1),  # GNU coreutils timeout(1)
    "!": Prefix(),  # POSIX, "Pipelines": `! command` negates its status
}


def strip_prefixes(words: list[str], lookup: Lookup) -> tuple[dict[str, str], list[str]]:
    """The variables the prefixes set for the command (a value that may or may not be set is unknown),
    and the words from the command's program on ([] when there is none)."""
    assignments: dict[str, str] = {}
    rest = _strip(words, lookup, assignments, parsed=True)
    return assignments, rest if rest is not None else []


def _strip(words: list[str], lookup: Lookup, assignments: dict[str, str], *, parsed: bool) -> list[str] | None:
    """`words` past their prefixes; `parsed`: sh reads them from the script (so it reads assignments)."""
    i = 0
    while i < len(words):
        word = words[i]
        if parsed and ASSIGNMENT.match(word):
            name, _, value = word.partition("=")
            assignments[name] = _value(value, lookup, assignments)
            i += 1
            continue
        slot = SLOT.match(word)
        if slot is not None and _slot(slot, lookup, assignments):
            i += 1
            continue
        prefix = PREFIXES.get(_value(word, lookup, assignments).rsplit("/", 1)[-1])
        if prefix is None:
            break
        after = _after_prefix(prefix, words, i + 1, lookup, assignments)
        if after is None:
            break  # it runs nothing (`command -v cargo`): the prefix is the command
        i, parsed = after, False
    return words[i:]


def _after_prefix(prefix: Prefix, words: list[str], i: int, lookup: Lookup, assignments: dict[str, str]) -> int | None:
    """The index of the command after a prefix's options, operands and assignments; None if it runs none."""
    while i < len(words) and words[i].startswith("-") and len(words[i]) > 1:
        if words[i] == "--":
            i += 1
            break
        if words[i] in prefix.prints:
            return None
        i += 2 if words[i] in prefix.valued else 1
    i += prefix.operands
    while prefix.assignments and i < len(words) and ASSIGNMENT.match(words[i]):
        name, _, value = words[i].partition("=")
        assignments[name] = _value(value, lookup, assignments)
        i += 1
    return i


def _slot(slot: re.Match[str], lookup: Lookup, assignments: dict[str, str]) -> bool:
    """Whether a `${NAME:+words}` word yields prefixes only, however it expands; if so, take the
    variables it may set (unknown unless it surely sets them)."""
    value = lookup(slot["name"])
    set_ = value is not None and is_known(value) and (value != "" or ":" not in slot["op"])
    if value is not None and is_known(value):
        alternative = slot["op"].endswith("+") == set_
        candidates = [slot["words"] if alternative else value if slot["op"].endswith("-") else ""]
    elif slot["op"].endswith("+"):
        candidates = ["", slot["words"]]
    else:
        candidates = [slot["words"]]  # a default of prefixes: its value takes the same place
    found: dict[str, str] = {}
    for text in candidates:
        try:
            words = [w for w in tokens(text) if not is_operator(w)]
        except ValueError:
            return False
        if _strip(words, lookup, found, parsed=False) != []:
            return False
    sure = len(candidates) == 1
    assignments.update({name: value if sure else unknown(name) for name, value in found.items()})
    return True


def _value(word: str, lookup: Lookup, assignments: dict[str, str]) -> str:
    def scoped(name: str) -> str | None:
        return assignments[name] if name in assignments else lookup(name)

    return expand(word, scoped, substitutions=True)

"""Dockerfile words and paths: variable expansion as BuildKit's shell lexer does it, path arithmetic.

A variable whose value the linter cannot know (an `ARG` without a default, an env var of an
unknown base image) expands to a marker. A path that contains a marker never equals or contains
a real path component, so the rules stay silent rather than guess.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from fnmatch import fnmatchcase

MARK = "\x00"
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
Lookup = Callable[[str], "str | None"]  # None: the variable is unknown
# `${A:-${B:-...}}` deeper than this is not read: its value is unknown (as a build would hardly get there).
MAX_NESTING = 16


def unknown(name: str) -> str:
    """The marker that stands for the unknowable value of variable `name`."""
    return f"{MARK}{name}{MARK}"


def is_known(text: str) -> bool:
    return MARK not in text


def spelled(text: str) -> str:
    """`text` for a message: each unknowable part shown as the `$NAME` (or `$(command)`) it stands for."""
    return re.sub(f"{MARK}([^{MARK}]*){MARK}", r"$\1", text)


def code(text: str) -> str:
    """`text` as a Markdown code span that no backtick inside it can end (CommonMark, "Code spans"):
    fenced by one backtick more than its longest run of them, padded when it starts or ends with one."""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def expand(word: str, lookup: Lookup, *, quotes: bool = True, substitutions: bool = False, depth: int = 0) -> str:
    """`word` with `$VAR`, `${VAR}` and `${VAR:-default}` (and `-`, `:+`, `+`) substituted.

    With `quotes`, single and double quotes and backslash escapes are processed as well;
    without, the word was already unquoted and only variables are substituted. With `substitutions`
    (a shell word, not a Dockerfile one: BuildKit runs no commands), `$(command)`, `` `command` ``
    and `$((arithmetic))` stand for their output, which the linter cannot know.
    """
    if depth > MAX_NESTING:
        return unknown("nested")
    out: list[str] = []
    i = 0
    quote = ""
    while i < len(word):
        char = word[i]
        if quotes and char == "\\" and quote != "'" and i + 1 < len(word):
            out.append(word[i + 1])
            i += 2
        elif quotes and char in "'\"" and quote in ("", char):
            quote = "" if quote else char
            i += 1
        elif substitutions and quote != "'" and (char == "`" or word.startswith("$(", i)):
            end = substitution_end(word, i)
            closed = end >= 0
            end = end if closed else len(word)  # unclosed: the rest of the word
            inner = word[i + (1 if char == "`" else 2) : end - closed]
            out.append(unknown(f"({inner})"))
            i = end
        elif char == "$" and quote != "'":
            text, i = _variable(word, i + 1, lookup, depth, substitutions)
            out.append(text)
        else:
            out.append(char)
            i += 1
    return "".join(out)


def substitution_end(text: str, i: int) -> int:
    """The index just after the `$(...)`, `${...}` or `` `...` `` that starts at `i`, nested ones and
    quotes inside it skipped; -1 when it is not closed."""
    if text[i] == "`":
        j = i + 1
        while j < len(text) and text[j] != "`":
            j += 2 if text[j] == "\\" else 1
        return j + 1 if j < len(text) else -1
    opener = text[i + 1]
    closer = ")" if opener == "(" else "}"
    depth, j = 1, i + 2
    while j < len(text):
        char = text[j]
        if char == "\\":
            j += 2
        elif char == "'" and opener == "(":
            end = text.find("'", j + 1)
            j = -1 if end < 0 else end + 1
        elif char == '"':
            j = quoted_end(text, j)
        elif char == "`" or (char == "$" and text[j + 1 : j + 2] in ("(", "{")):
            j = substitution_end(text, j)
        elif char == opener:
            depth, j = depth + 1, j + 1
        elif char == closer:
            depth, j = depth - 1, j + 1
            if depth == 0:
                return j
        else:
            j += 1
        if j < 0:
            return -1
    return -1


def quoted_end(text: str, i: int) -> int:
    """The index just after the double-quoted string that starts at `i`, substitutions inside it
    skipped; -1 when it is not closed."""
    j = i + 1
    while 0 <= j < len(text) and text[j] != '"':
        if text[j] == "\\":
            j += 2
        elif text[j] == "`" or (text[j] == "$" and text[j + 1 : j + 2] in ("(", "{")):
            j = substitution_end(text, j)
        else:
            j += 1
    return j + 1 if 0 <= j < len(text) else -1


def _variable(word: str, i: int, lookup: Lookup, depth: int, substitutions: bool = False) -> tuple[str, int]:
    """Expand the variable reference after a `$` at `i`; return its text and the next index."""
    if i < len(word) and word[i] == "{":
        end = _closing_brace(word, i + 1)
        if end < 0:
            return "${", i + 1
        body = word[i + 1 : end]
        match = NAME.match(body)
        if match is None:
            return "${" + body + "}", end + 1
        name, rest = match.group(), body[match.end() :]
        return _modified(name, rest, lookup, depth, substitutions), end + 1
    match = NAME.match(word, i)
    if match is None:
        return "$", i
    return _value(match.group(), lookup), match.end()


def _closing_brace(word: str, i: int) -> int:
    depth = 1
    while i < len(word):
        if word[i] == "{":
            depth += 1
        elif word[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _value(name: str, lookup: Lookup) -> str:
    value = lookup(name)
    return unknown(name) if value is None else value


def _modified(name: str, rest: str, lookup: Lookup, depth: int, substitutions: bool = False) -> str:
    value = lookup(name)
    for op in (":-", ":+", "-", "+"):
        if rest.startswith(op):
            alternative = expand(rest[len(op) :], lookup, substitutions=substitutions, depth=depth + 1)
            unset = value is None or not is_known(value)
            if op == "-" or op == ":-":
                empty = unset or (op == ":-" and value == "")
                return alternative if empty else value  # type: ignore[return-value]
            if unset:
                return unknown(name)
            return alternative if (value or op == "+") else ""
    return unknown(name) if value is None else value


def resolve(base: str, path: str) -> str:
    """`path` made absolute against the directory `base`, normalised, without a trailing slash."""
    joined = path if path.startswith("/") else f"{base.rstrip('/')}/{path}"
    return "/" + posixpath.normpath(joined).lstrip("/")


def locate(base: str, word: str) -> str:
    """`resolve` for an expanded word: one that starts with a value the linter cannot know (`$HOME/.netrc`)
    is taken as absolute, since such a variable holds a path of its own, not one below `base`."""
    return resolve("/" if word.startswith(MARK) else base, word)


def parts(path: str) -> tuple[str, ...]:
    return tuple(p for p in path.split("/") if p and p != ".")


def overlap(source: str, mounted: str) -> str | None:
    """How the absolute path `source` (may hold globs) relates to the directory `mounted`.

    "under": source is `mounted` or lies inside it; "contains": source is a parent of it;
    None: they are apart, or a component is unknowable.
    """
    src, mnt = parts(source), parts(mounted)
    if not all(is_known(p) for p in mnt):
        return None
    for s, m in zip(src, mnt):
        if not is_known(s) or not fnmatchcase(m, s):
            return None
    return "under" if len(src) >= len(mnt) else "contains"

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
    """`text` for a message: each unknowable part shown as the `$NAME` it stands for."""
    return re.sub(f"{MARK}([^{MARK}]*){MARK}", r"$\1", text)


def expand(word: str, lookup: Lookup, *, quotes: bool = True, depth: int = 0) -> str:
    """`word` with `$VAR`, `${VAR}` and `${VAR:-default}` (and `-`, `:+`, `+`) substituted.

    With `quotes`, single and double quotes and backslash escapes are processed as well;
    without, the word was already unquoted (by shlex) and only variables are substituted.
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
        elif char == "$" and quote != "'":
            text, i = _variable(word, i + 1, lookup, depth)
            out.append(text)
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _variable(word: str, i: int, lookup: Lookup, depth: int) -> tuple[str, int]:
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
        return _modified(name, rest, lookup, depth), end + 1
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


def _modified(name: str, rest: str, lookup: Lookup, depth: int) -> str:
    value = lookup(name)
    for op in (":-", ":+", "-", "+"):
        if rest.startswith(op):
            alternative = expand(rest[len(op) :], lookup, depth=depth + 1)
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

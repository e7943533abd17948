"""A shell script split into words and operators the way sh(1) reads it (POSIX, "Token Recognition").

A word keeps its quotes and its `$(...)`, `${...}` and backquoted parts whole, whatever they hold:
`PKG_CONFIG="$(command -v "$(xx-info)-pkg-config")"` and `${JEMALLOC:+env A=$JEMALLOC}` are one word
each, as sh reads them, and words.expand turns them into values later. Operators (`&&`, `|`, `;`,
`(`, newlines, ...) and redirections (`>`, `2>&1`, `<<`) are tokens of their own; comments are
dropped. A script sh could not read either (an unclosed quote) raises ValueError.
"""

from __future__ import annotations

from rustdock.lint.model.words import quoted_end, substitution_end

# Control operators (POSIX, "Definitions": control operator), longest first, so that `&&` is not `&` `&`.
OPERATORS = ("&&", "||", ";;", ";", "&", "|", "(", ")", "\n")
# Redirection operators (POSIX, "Redirection"), longest first; a file descriptor number before one
# (`2>&1`) is part of it.
REDIRECTIONS = ("<<<", "&>>", "<<-", "<<", ">>", "<&", ">&", "&>", ">|", "<>", "<", ">")
BREAKS = frozenset(";&|()<> \t\r\n")


def tokens(script: str) -> list[str]:
    """The words and operators of `script`, in order; raises ValueError for an unclosed quote."""
    found: list[str] = []
    i = 0
    while i < len(script):
        char = script[i]
        if char in " \t\r" or script.startswith("\\\n", i):
            i += 1 if char != "\\" else 2
        elif char == "#":
            end = script.find("\n", i)
            i = len(script) if end < 0 else end  # a comment runs to the end of its line
        elif operator := _operator(script, i):
            found.append(operator.lstrip("0123456789"))
            i += len(operator)
        else:
            end = _word_end(script, i)
            found.append(script[i:end])
            i = end
    return found


def is_operator(token: str) -> bool:
    return token in OPERATORS or token in REDIRECTIONS


def _operator(script: str, i: int) -> str | None:
    """The operator or redirection that starts at `i` (with its file descriptor number), else None."""
    digits = i
    while digits < len(script) and script[digits].isdigit():
        digits += 1
    for op in REDIRECTIONS:
        if script.startswith(op, digits):
            return script[i : digits + len(op)]
    if digits > i:
        return None  # digits that no redirection follows are a word
    return next((op for op in OPERATORS if script.startswith(op, i)), None)


def _word_end(script: str, i: int) -> int:
    """The index just after the word that starts at `i`."""
    while i < len(script) and script[i] not in BREAKS:
        char = script[i]
        if char == "\\":
            i += 2
        elif char == "'":
            end = script.find("'", i + 1)
            if end < 0:
                raise ValueError("unclosed single quote")
            i = end + 1
        elif char == '"':
            i = _closed(quoted_end(script, i), "double quote")
        elif char == "`" or (char == "$" and script[i + 1 : i + 2] in ("(", "{")):
            i = _closed(substitution_end(script, i), script[i : i + 2])
        else:
            i += 1
    return min(i, len(script))


def _closed(end: int, what: str) -> int:
    if end < 0:
        raise ValueError(f"unclosed {what}")
    return end

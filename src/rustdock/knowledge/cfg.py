"""Cargo's `[target.<spec>]` keys, evaluated for one target triple.

A spec is a target triple (the table applies to that triple only) or `cfg(<predicate>)`, which
Cargo evaluates against what `rustc --print cfg --target <triple>` prints. This module knows that
output for the Linux triples rustdock builds for, and answers None where the answer depends on
something it cannot see: an unknown triple, a `feature`, a name that a `--cfg` in RUSTFLAGS may
set, a key it has no facts for, a spec Cargo cannot parse (Cargo lets such a table apply to nothing).
"""

from __future__ import annotations

import re

# `rustc --print cfg --target <triple>`, rustc 1.95.0 on this machine, without -C flags: what Cargo
# sees when it first asks rustc. rustc prints this for a target whose std is not installed, so
# every line below is rustc's own output, not derived from the triple's name.
LINUX_64 = (
    "debug_assertions",  # rustc's default at opt-level 0; Cargo asks without the profile's flags (cargo#7634)
    'panic="unwind"',
    'target_abi=""',
    'target_endian="little"',
    'target_family="unix"',
    'target_has_atomic="16"',
    'target_has_atomic="32"',
    'target_has_atomic="64"',
    'target_has_atomic="8"',
    'target_has_atomic="ptr"',
    'target_os="linux"',
    'target_pointer_width="64"',
    'target_vendor="unknown"',
    "unix",
)
TARGET_CFG: dict[str, tuple[str, ...]] = {
    # rustc --print cfg --target x86_64-unknown-linux-gnu: LINUX_64 and these
    "x86_64-unknown-linux-gnu": LINUX_64 + (
        'target_arch="x86_64"', 'target_env="gnu"',
        'target_feature="fxsr"', 'target_feature="sse"', 'target_feature="sse2"',
    ),
    # rustc --print cfg --target x86_64-unknown-linux-musl: as gnu, with env musl and static C runtime
    "x86_64-unknown-linux-musl": LINUX_64 + (
        'target_arch="x86_64"', 'target_env="musl"', 'target_feature="crt-static"',
        'target_feature="fxsr"', 'target_feature="sse"', 'target_feature="sse2"',
    ),
    # rustc --print cfg --target aarch64-unknown-linux-gnu: LINUX_64, neon and 128-bit atomics
    "aarch64-unknown-linux-gnu": LINUX_64 + (
        'target_arch="aarch64"', 'target_env="gnu"', 'target_feature="neon"', 'target_has_atomic="128"',
    ),
    # rustc --print cfg --target aarch64-unknown-linux-musl: as aarch64 gnu, with env musl and crt-static
    "aarch64-unknown-linux-musl": LINUX_64 + (
        'target_arch="aarch64"', 'target_env="musl"', 'target_feature="crt-static"', 'target_feature="neon"',
        'target_has_atomic="128"',
    ),
}
# Names rustc never prints for these triples, so Cargo's answer is "no" rather than unknown.
ABSENT_NAMES = frozenset({
    "windows",  # set only when target_family is "windows" (the Rust reference, conditional compilation)
    "test",  # Cargo's query has no --test; the Cargo book: "Do not try to match on ... test"
    "proc_macro",  # set only while compiling a proc-macro crate, never by --print cfg
})
MAX_LENGTH = 4096  # a spec is a TOML key someone typed; longer ones are not worth reading
MAX_DEPTH = 32  # nesting of all/any/not; deeper input is refused, not recursed into
NAMED = re.compile(r"\A[A-Za-z0-9_.-]+\Z")  # cargo-platform's check for a target name
TOKEN = re.compile(r'\s*(?:(?P<ident>(?:r#)?[A-Za-z_][A-Za-z0-9_]*)|"(?P<string>[^"]*)"|(?P<punct>[(),=]))')

Fact = tuple[str, "str | None"]  # ("unix", None) or ("target_os", "linux")


def _fact(line: str) -> Fact:
    name, eq, value = line.partition("=")
    return (name, value.strip('"')) if eq else (name, None)


FACTS: dict[str, frozenset[Fact]] = {t: frozenset(_fact(line) for line in lines) for t, lines in TARGET_CFG.items()}
KNOWN_KEYS = frozenset(key for facts in FACTS.values() for key, value in facts if value is not None)
KNOWN_NAMES = frozenset(key for facts in FACTS.values() for key, value in facts if value is None) | ABSENT_NAMES


def matches(spec: str, triple: str) -> bool | None:
    """Whether a `[target.<spec>]` table applies when Cargo builds for `triple`; None: cannot tell."""
    if not isinstance(spec, str) or not isinstance(triple, str) or len(spec) > MAX_LENGTH:
        return None
    if spec.startswith("cfg(") and spec.endswith(")"):
        try:
            return _Parser(spec[4:-1], FACTS.get(triple)).whole()
        except _Malformed:
            return None
    return spec == triple if NAMED.match(spec) else None


class _Malformed(Exception):
    """The spec is not a predicate Cargo can parse."""


class _Parser:
    """Recursive descent over cargo-platform's grammar, evaluating as it goes:

    expr := "all" "(" list ")" | "any" "(" list ")" | "not" "(" expr ")" | "true" | "false"
          | ident | ident "=" string
    list := [expr ("," expr)* [","]]
    """

    def __init__(self, text: str, facts: frozenset[Fact] | None) -> None:
        self.tokens = _tokens(text)
        self.at = 0
        self.facts = facts

    def whole(self) -> bool | None:
        value = self.expr(0)
        if self.at != len(self.tokens):
            raise _Malformed
        return value

    def expr(self, depth: int) -> bool | None:
        if depth > MAX_DEPTH:
            raise _Malformed
        kind, text = self.next()
        if kind != "ident":
            raise _Malformed
        if text in ("all", "any", "not") and self.peek() == ("punct", "("):
            self.at += 1
            if text == "not":
                value = self.expr(depth + 1)
                self.expect(")")
                return None if value is None else not value
            values = self.list(depth + 1)
            return _all(values) if text == "all" else _any(values)
        if text in ("true", "false"):
            return text == "true"
        if self.peek() == ("punct", "="):
            self.at += 1
            kind, value = self.next()
            if kind != "string":
                raise _Malformed
            return self.lookup(text, value)
        return self.lookup(text, None)

    def list(self, depth: int) -> list[bool | None]:
        values: list[bool | None] = []
        while self.peek() != ("punct", ")"):
            values.append(self.expr(depth))
            if self.peek() == ("punct", ","):
                self.at += 1
            elif self.peek() != ("punct", ")"):
                raise _Malformed
        self.at += 1
        return values

    def lookup(self, key: str, value: str | None) -> bool | None:
        key = key.removeprefix("r#")
        if self.facts is None:
            return None
        if value is None:
            return (key, None) in self.facts if key in KNOWN_NAMES else None
        return (key, value) in self.facts if key in KNOWN_KEYS else None

    def next(self) -> tuple[str, str]:
        if self.at >= len(self.tokens):
            raise _Malformed
        self.at += 1
        return self.tokens[self.at - 1]

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def expect(self, punct: str) -> None:
        if self.next() != ("punct", punct):
            raise _Malformed


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, at = [], 0
    while at < len(text):
        match = TOKEN.match(text, at)
        if match is None:
            if text[at:].strip():
                raise _Malformed
            break
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        at = match.end()
    return tokens


def _all(values: list[bool | None]) -> bool | None:
    """Three-valued `all`: false if any is false, unknown if any is unknown, else true."""
    if False in values:
        return False
    return None if None in values else True


def _any(values: list[bool | None]) -> bool | None:
    """Three-valued `any`: true if any is true, unknown if any is unknown, else false."""
    if True in values:
        return True
    return None if None in values else False

"""The build context next to a Dockerfile: its .dockerignore, whether it holds a Cargo project, and
the root .cargo/config(.toml) that cargo-chef copies into its recipe.

.dockerignore patterns follow moby's patternmatcher: Go `filepath.Match` globs plus `**`, cleaned
and made relative (`/target`, `target/` and `./target` all mean `target`), a pattern that matches
a directory excludes everything under it, and the last matching pattern wins (`!` re-includes).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from rustdock.errors import RustdockError
from rustdock.read.toolchain import read_cargo_config

DOCKERIGNORE = ".dockerignore"
PROBE = "target/rustdock-lint-probe"  # a path inside target/ that no pattern names on purpose


@dataclass(frozen=True)
class IgnorePattern:
    pattern: str
    negated: bool

    def matches(self, path: str) -> bool:
        """Whether the pattern matches `path` or one of its parent directories."""
        regex = _regex(self.pattern)
        components = path.split("/")
        return any(regex.fullmatch("/".join(components[:n])) for n in range(1, len(components) + 1))


@dataclass(frozen=True)
class Context:
    root: Path
    ignore_file: Path | None  # the .dockerignore that applies, if there is one
    patterns: tuple[IgnorePattern, ...]
    has_lockfile: bool
    has_manifest: bool
    cargo_config: Mapping[str, Any] | None = None  # the root .cargo/config(.toml), parsed
    cargo_config_path: Path | None = None

    def excluded(self, path: str) -> bool:
        verdict = False
        for pattern in self.patterns:
            if pattern.matches(path):
                verdict = not pattern.negated
        return verdict

    @property
    def excludes_target(self) -> bool:
        """Whether nothing of the host's `target/` reaches the build."""
        if not self.excluded(PROBE):
            return False
        # A later `!target/release/app` lets part of it back in, and that part is the trap.
        return not any(p.negated and _reaches_into_target(p.pattern) for p in self.patterns)


def _reaches_into_target(pattern: str) -> bool:
    """Whether a re-inclusion can name a file in target/ (`**/Cargo.toml` is taken as not)."""
    components = pattern.split("/")
    if components[0] == "**":
        return "target" in components[1:]
    return fnmatchcase("target", components[0])


def read_context(root: Path, dockerfile: Path | None = None) -> Context:
    """The context at `root`; a `<Dockerfile>.dockerignore` beside `dockerfile` takes precedence."""
    if not root.is_dir():
        raise RustdockError(f"{root}: the build context is not a directory")
    candidates = [dockerfile.with_name(dockerfile.name + DOCKERIGNORE)] if dockerfile else []
    candidates.append(root / DOCKERIGNORE)
    ignore_file = next((c for c in candidates if c.is_file()), None)
    patterns: tuple[IgnorePattern, ...] = ()
    if ignore_file is not None:
        try:
            patterns = parse_dockerignore(ignore_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as e:
            raise RustdockError(f"{ignore_file}: cannot read: {e}") from None
    cargo_config = read_cargo_config(root)
    return Context(
        root=root,
        ignore_file=ignore_file,
        patterns=patterns,
        has_lockfile=(root / "Cargo.lock").is_file(),
        has_manifest=(root / "Cargo.toml").is_file(),
        cargo_config=cargo_config[1] if cargo_config else None,
        cargo_config_path=cargo_config[0] if cargo_config else None,
    )


def parse_dockerignore(text: str) -> tuple[IgnorePattern, ...]:
    patterns = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = line[1:].strip() if negated else line
        if not pattern:
            continue
        pattern = posixpath.normpath(pattern).lstrip("/") or "."
        patterns.append(IgnorePattern(pattern, negated))
    return tuple(patterns)


def _regex(pattern: str) -> re.Pattern[str]:
    """A Go-style glob with `**` as a regular expression over slash-separated paths."""
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):
                out.append("(?:.*/)?")
                i += 1
            else:
                out.append(".*")
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : end]
                out.append("[" + ("^" + body[1:] if body.startswith("^") else body) + "]")
                i = end
        elif char == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out))

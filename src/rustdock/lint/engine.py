"""Run the rules over a Dockerfile, honour suppression comments, and find Dockerfiles on disk.

CHECKS maps each rule of the catalogue (rules/catalogue.py) to the function in rules/ that finds it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from rustdock.errors import RustdockError
from rustdock.lint.model.context import Context, read_context
from rustdock.lint.model.dockerfile import Dockerfile, parse
from rustdock.lint.rules import cargo, context, copies, image, mounts, packages, platforms, secrets, text
from rustdock.lint.rules.catalogue import RULES, Finding, Rule, Severity, rule_for
from rustdock.lint.rules.scan import Scan

Check = Callable[[Scan], Iterable[Finding]]
CHECKS: dict[str, Check] = {
    "RD001": mounts.copy_from_cache_mount,
    "RD002": context.host_target_in_context,
    "RD003": cargo.chef_without_cook,
    "RD004": cargo.cook_after_source_copy,
    "RD005": cargo.cook_build_flags_differ,
    "RD006": cargo.cook_build_directory_differs,
    "RD007": cargo.rust_version_differs,
    "RD008": mounts.target_mount_hides_cook,
    "RD009": mounts.mv_from_cache_mount,
    "RD010": image.runtime_runs_as_root,
    "RD011": context.build_without_locked,
    "RD012": cargo.install_without_locked,
    "RD013": mounts.cook_into_cache_mount,
    "RD014": image.scratch_user_by_name,
    "RD015": packages.runtime_lacks_library,
    "RD016": packages.cook_before_linker,
    "RD017": secrets.secret_in_image,
    "RD018": text.swallowed_instruction,
    "RD019": copies.copy_from_unproduced_path,
    "RD020": platforms.target_cache_shared_across_platforms,
}
assert list(CHECKS) == [r.id for r in RULES]
SUPPRESSION = re.compile(r"^\s*#\s*rustdock-lint:\s*(?P<scope>ignore|ignore-file)\s*=\s*(?P<rules>.*?)\s*$")
COMMENT = re.compile(r"^\s*#")


def lint_text(text: str, path: str = "Dockerfile", context: Context | None = None) -> list[Finding]:
    """Findings of every rule; those that read the build context only when `context` is given."""
    rules = [r for r in RULES if context is not None or not r.needs_context]
    return _run(parse(text, path), context, rules)


def lint_file(path: Path, context: Path | None = None) -> list[Finding]:
    """Lint a Dockerfile on disk; its build context defaults to the directory it is in."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise RustdockError(f"{path}: cannot read: {e}") from None
    root = context if context is not None else path.parent
    return lint_text(text, str(path), read_context(root, path))


def guard(text: str) -> list[Finding]:
    """The error findings in a rendered Dockerfile that depend on nothing but its text.

    `generate` calls it before writing and refuses output that has any. Suppression comments
    are not honoured here: a template must not be able to silence the guard that checks it.
    """
    rules = [r for r in RULES if r.severity is Severity.ERROR and not r.needs_context]
    findings = _run(parse(text, "Dockerfile"), None, rules, suppressions=False)
    return [f for f in findings if f.severity is Severity.ERROR]  # not a milder finding of an error rule


def at_or_above(findings: Iterable[Finding], threshold: Severity) -> list[Finding]:
    return [f for f in findings if f.severity.rank >= threshold.rank]


def dockerfiles(paths: Sequence[Path]) -> list[Path]:
    """The Dockerfiles the arguments name: files as given; for a directory, its `Dockerfile`,
    `*.Dockerfile` and `Dockerfile.*` (not `.dockerignore` files or rustdock's `.bak` copies)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and is_dockerfile_name(p.name))
            if not inside:
                raise RustdockError(f"{path}: no Dockerfile in this directory")
            found += inside
        elif path.is_file():
            found.append(path)
        else:
            raise RustdockError(f"{path}: no such file or directory")
    return found


def is_dockerfile_name(name: str) -> bool:
    if name.endswith(".dockerignore") or ".bak" in name:
        return False
    return name in ("Dockerfile", "dockerfile") or name.endswith(".Dockerfile") or name.startswith("Dockerfile.")


def _run(
    dockerfile: Dockerfile, context: Context | None, rules: list[Rule], *, suppressions: bool = True
) -> list[Finding]:
    scan = Scan(dockerfile, context)
    findings = {(f.line, f.rule.id, f.message): f for r in rules for f in CHECKS[r.id](scan)}
    whole_file, by_line = _suppressions(dockerfile.lines) if suppressions else (set(), {})
    kept = [
        f
        for f in findings.values()
        if f.rule.id not in whole_file and f.rule.id not in by_line.get(f.line, set())
    ]
    return sorted(kept, key=lambda f: (f.line, f.rule.id))


def _suppressions(lines: tuple[str, ...]) -> tuple[set[str], dict[int, set[str]]]:
    """Rule ids ignored in the whole file, and per line (from the comment lines right above it)."""
    whole_file: set[str] = set()
    own: dict[int, set[str]] = {}
    for number, line in enumerate(lines, start=1):
        match = SUPPRESSION.match(line)
        if match is None:
            continue
        ids = {rule.id for key in match["rules"].split(",") if (rule := rule_for(key)) is not None}
        if match["scope"] == "ignore-file":
            whole_file |= ids
        else:
            own[number] = ids
    by_line: dict[int, set[str]] = {}
    for number in range(1, len(lines) + 1):
        above = number - 1
        while above >= 1 and COMMENT.match(lines[above - 1]):
            by_line.setdefault(number, set()).update(own.get(above, set()))
            above -= 1
    return whole_file, by_line

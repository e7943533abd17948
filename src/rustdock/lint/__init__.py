"""`rustdock lint`: find the cache-mount trap and cargo-chef pitfalls in any Dockerfile."""

from rustdock.lint.engine import at_or_above, dockerfiles, guard, lint_file, lint_text
from rustdock.lint.rules import RULES, Finding, Rule, Severity, rule_for

__all__ = [
    "RULES",
    "Finding",
    "Rule",
    "Severity",
    "at_or_above",
    "dockerfiles",
    "guard",
    "lint_file",
    "lint_text",
    "rule_for",
]

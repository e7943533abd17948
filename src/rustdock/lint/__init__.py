"""`rustdock lint`: find the cache-mount trap and cargo-chef pitfalls in any Dockerfile.

Split like the pipeline: model/ reads a Dockerfile and the shell commands of its RUNs (what they
run, read, write and install), rules/ holds the catalogue and the rules that use the model,
engine.py runs them and report.py formats what they found. The names below are what the rest of
rustdock uses. May import: rustdock.errors, the knowledge and read layers; never the planner.
"""

from rustdock.lint.engine import at_or_above, dockerfiles, guard, lint_file, lint_text
from rustdock.lint.rules.catalogue import RULES, Finding, Rule, Severity, rule_for

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

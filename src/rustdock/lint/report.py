"""Format findings: `text` for people, `json` for scripts, `sarif` 2.1.0 for code-scanning UIs."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from rustdock import __version__
from rustdock.lint.rules.catalogue import RULES, Finding, Rule, Severity

FORMATS = ("text", "json", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def format_findings(findings: Sequence[Finding], files: Sequence[str], style: str) -> str:
    """The report in `style` (one of FORMATS), ending with a newline."""
    if style == "json":
        return as_json(findings, files)
    if style == "sarif":
        return as_sarif(findings)
    return as_text(findings, files)


def as_text(findings: Sequence[Finding], files: Sequence[str]) -> str:
    lines = []
    for f in findings:
        lines.append(f"{f.path}:{f.line}: {f.rule.id} [{f.severity.value}] {f.message}")
        lines.append(f"    why: {f.rule.why}")
        lines.append(f"    fix: {f.fix}")
    lines.append(summary(findings, files))
    return "\n".join(lines) + "\n"


def summary(findings: Sequence[Finding], files: Sequence[str]) -> str:
    checked = f"{len(files)} Dockerfile{'s' if len(files) != 1 else ''}"
    if not findings:
        return f"No findings in {checked}."
    counts = Counter(f.severity for f in findings)
    parts = [f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in reversed(Severity) if counts[s]]
    return f"{len(findings)} finding{'s' if len(findings) != 1 else ''} in {checked}: {', '.join(parts)}."


def as_json(findings: Sequence[Finding], files: Sequence[str]) -> str:
    report = {"files": list(files), "findings": [f.to_json() for f in findings]}
    return json.dumps(report, indent=2) + "\n"


def as_sarif(findings: Sequence[Finding]) -> str:
    index = {rule.id: n for n, rule in enumerate(RULES)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "rustdock-lint",
                        "version": __version__,
                        "rules": [_sarif_rule(rule) for rule in RULES],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_sarif_result(f, index[f.rule.id]) for f in findings],
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"


def _sarif_rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {"text": rule.fix},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
    }


def _sarif_result(finding: Finding, rule_index: int) -> dict[str, Any]:
    return {
        "ruleId": finding.rule.id,
        "ruleIndex": rule_index,
        "level": SARIF_LEVELS[finding.severity],
        "message": {"text": f"{finding.message}. Fix: {finding.fix}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.path)},
                    "region": {"startLine": finding.line},
                }
            }
        ],
    }


def _uri(path: str) -> str:
    """A relative path stays relative (SARIF viewers resolve it against the checkout)."""
    posix = PurePath(path).as_posix()
    return ("file://" if posix.startswith("/") else "") + quote(posix)

"""Every file under tests/lint/cases is a case: lint it and compare with its `# expect:` header."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rustdock.lint import RULES, dockerfiles, lint_file, lint_text

CASES = Path(__file__).parent / "cases"
EXPECT = re.compile(r"\A# expect: (?P<expected>.+)\n")
ENTRY = re.compile(r"\A(?P<rule>RD[0-9]{3})(?:@(?P<line>[0-9]+))?(?::(?P<severity>info|warning|error))?\Z")
Expected = tuple[str, int | None, str | None]  # rule, line (None: any), severity (None: any)


def _cases() -> list[Path]:
    return sorted(
        entry
        for folder in CASES.iterdir()
        if folder.is_dir()
        for entry in folder.iterdir()
        if entry.is_dir() or entry.suffix == ".Dockerfile"
    )


def _expected(dockerfile: Path) -> list[Expected]:
    match = EXPECT.match(dockerfile.read_text(encoding="utf-8"))
    assert match, f"{dockerfile}: the first line must be `# expect: RD001@12 RD010@3:info ...` or `# expect: none`"
    if match["expected"].strip() == "none":
        return []
    entries = []
    for word in match["expected"].split():
        entry = ENTRY.match(word)
        assert entry, f"{dockerfile}: {word!r} is not RDnnn, RDnnn@line, RDnnn:severity or RDnnn@line:severity"
        entries.append((entry["rule"], int(entry["line"]) if entry["line"] else None, entry["severity"]))
    return entries


@pytest.mark.parametrize("case", _cases(), ids=lambda p: str(p.relative_to(CASES)))
def test_case(case: Path) -> None:
    if case.is_dir():
        [dockerfile] = dockerfiles([case])
        findings = lint_file(dockerfile)  # the folder is the build context
    else:
        dockerfile = case
        findings = lint_text(case.read_text(encoding="utf-8"), str(case))
    unmatched = [(f.rule.id, f.line, f.severity.value) for f in findings]
    missing = []
    for rule, line, severity in sorted(_expected(dockerfile), key=lambda e: (e[1] is None, e[2] is None)):
        hit = next((a for a in unmatched if a[0] == rule and line in (None, a[1]) and severity in (None, a[2])), None)
        if hit is None:
            missing.append(f"{rule}{f'@{line}' if line else ''}{f':{severity}' if severity else ''}")
        else:
            unmatched.remove(hit)
    unexpected = [f for f in findings if (f.rule.id, f.line, f.severity.value) in unmatched]
    assert not missing and not unexpected, f"missing: {missing}; unexpected: " + "; ".join(
        f"{f.rule.id}@{f.line}:{f.severity.value} {f.message}" for f in unexpected
    )


@pytest.mark.parametrize("case", _cases(), ids=lambda p: str(p.relative_to(CASES)))
def test_case_name_agrees_with_header(case: Path) -> None:
    """`RDnnn/flagged-*` expects RDnnn and `RDnnn/clean-*` does not, so a case cannot rot silently."""
    folder = case.parent.name
    if not folder.startswith("RD"):
        return
    [dockerfile] = dockerfiles([case]) if case.is_dir() else [case]
    rules = {rule for rule, _, _ in _expected(dockerfile)}
    if case.name.startswith("flagged-"):
        assert folder in rules
    else:
        assert case.name.startswith("clean-") and folder not in rules


def test_every_rule_has_a_flagged_and_a_clean_case() -> None:
    for rule in RULES:
        names = [p.name for p in (CASES / rule.id).iterdir()]
        assert any(n.startswith("flagged-") for n in names), rule.id
        assert any(n.startswith("clean-") for n in names), rule.id

"""`rustdock lint` on the command line: exit codes, formats, arguments. Thin on purpose."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

CASES = Path(__file__).parents[1] / "lint" / "cases"
TRAP = CASES / "RD001" / "flagged-original-report.Dockerfile"


def lint(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    script = shutil.which("rustdock", path=str(Path(sys.executable).parent))
    assert script, f"rustdock is not installed next to {sys.executable}"
    return subprocess.run([script, "lint", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_exit_1_on_errors_with_text_report() -> None:
    result = lint(str(TRAP))
    assert result.returncode == 1
    assert f"{TRAP}:19: RD001 [error]" in result.stdout
    assert result.stderr == ""


def test_fail_on_sets_the_threshold(tmp_path: Path) -> None:
    (tmp_path / ".dockerignore").write_text("target/\n")
    mv = CASES / "RD009" / "flagged-mv.Dockerfile"  # one info finding, with a context that ignores target/
    assert lint(str(mv), "--context", str(tmp_path)).returncode == 0
    assert lint("--fail-on", "warning", "--context", str(tmp_path), str(mv)).returncode == 0
    assert lint("--fail-on", "info", "--context", str(tmp_path), str(mv)).returncode == 1


def test_fail_on_counts_a_finding_milder_than_its_rule(tmp_path: Path) -> None:
    (tmp_path / ".dockerignore").write_text("target/\n")
    unknown_base = CASES / "RD010" / "flagged-unknown-base.Dockerfile"  # RD010, a warning rule, as info
    assert lint("--fail-on", "warning", "--context", str(tmp_path), str(unknown_base)).returncode == 0
    assert lint("--fail-on", "info", "--context", str(tmp_path), str(unknown_base)).returncode == 1


def test_json_and_sarif_formats() -> None:
    report = json.loads(lint("--format", "json", str(TRAP)).stdout)
    # RD002 too: the case's folder is the context, and it has no .dockerignore.
    assert {f["rule"] for f in report["findings"]} == {"RD001", "RD002", "RD008", "RD010"}
    sarif = json.loads(lint("-f", "sarif", str(TRAP)).stdout)
    assert sarif["version"] == "2.1.0" and len(sarif["runs"][0]["results"]) == 4


def test_a_directory_and_its_context() -> None:
    """A directory lints its Dockerfile with itself as context; --context points elsewhere."""
    case = CASES / "RD002" / "flagged-no-dockerignore"
    result = lint("--fail-on", "warning", str(case))
    assert result.returncode == 1 and "RD002 [warning]" in result.stdout
    other = CASES / "RD002" / "clean-target-slash"
    assert lint("--fail-on", "warning", "--context", str(other), str(case)).returncode == 0


def test_exit_2_on_unreadable_or_unparsable_input(tmp_path: Path) -> None:
    missing = lint(str(tmp_path / "Dockerfile"))
    assert missing.returncode == 2 and "rustdock: error:" in missing.stderr
    (tmp_path / "Dockerfile").write_text("FROM rust\nRUN <<EOF\n")
    broken = lint(str(tmp_path))
    assert broken.returncode == 2 and "cannot parse" in broken.stderr

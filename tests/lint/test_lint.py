"""rustdock lint through its Python API: generated Dockerfiles lint clean, the guard, the reports,
suppression and bad input. The rules themselves are covered by the files in tests/lint/cases."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from rustdock.commands import actions
from rustdock.errors import RustdockError
from rustdock.format.render import render
from rustdock.lint import RULES, Severity, at_or_above, dockerfiles, guard, lint_file, lint_text
from rustdock.lint.model.context import read_context
from rustdock.lint.model.words import code, expand, overlap
from rustdock.lint.report import format_findings

CASES = Path(__file__).parent / "cases"
TRAP = CASES / "RD001" / "flagged-original-report.Dockerfile"
WORKSPACE = {
    "Cargo.toml": '[workspace]\nmembers = ["crates/*"]\nresolver = "2"\n',
    "crates/api/Cargo.toml": '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n',
    "crates/api/src/main.rs": "fn main() {}\n",
    "crates/worker/Cargo.toml": '[package]\nname = "worker"\nversion = "0.1.0"\nedition = "2021"\n',
    "crates/worker/src/main.rs": "fn main() {}\n",
    "Cargo.lock": "version = 3\n",
}


def trap_findings() -> list:
    """The original report, linted without a build context (so RD002 and RD011 do not run)."""
    return lint_text(TRAP.read_text(encoding="utf-8"), str(TRAP))


def single_bin(config: str = "") -> dict[str, str]:
    manifest = '[package]\nname = "hello-app"\nversion = "0.1.0"\nedition = "2021"\n'
    if config:
        manifest += f"\n[package.metadata.rustdock]\n{config}\n"
    return {"Cargo.toml": manifest, "src/main.rs": "fn main() {}\n", "src/bin/worker.rs": "fn main() {}\n"}


def test_every_fixture_project_generates_a_dockerfile_that_lints_clean(any_project: Path) -> None:
    """What `generate` writes, header and .dockerignore included, with the project as context."""
    actions.generate(any_project)
    assert lint_file(any_project / "Dockerfile") == []


@pytest.mark.parametrize(
    "files",
    [
        pytest.param(single_bin(), id="single-bin"),
        pytest.param(WORKSPACE, id="workspace"),
        pytest.param(single_bin('runtime = "scratch"'), id="scratch"),
        pytest.param(single_bin('runtime = "alpine"'), id="alpine"),
        pytest.param(single_bin('runtime = "distroless"'), id="distroless"),
        pytest.param(single_bin('workdir = "/build/src"\ncache-id = "acme"'), id="workdir"),
        pytest.param(single_bin('profile = "dev"\nsyntax = false'), id="dev-profile"),
        pytest.param(single_bin('bins = ["worker"]\ntarget = "aarch64-unknown-linux-gnu"'), id="cross-target"),
    ],
)
def test_rendered_dockerfiles_pass_the_guard_and_lint(tmp_path: Path, build_file_tree, files: dict[str, str]) -> None:
    rendering = render(build_file_tree(tmp_path, files))
    assert guard(rendering.dockerfile) == []
    assert lint_text(rendering.dockerfile) == []


def test_the_original_report_is_flagged() -> None:
    findings = trap_findings()
    trap = [f for f in findings if f.rule.id == "RD001"]
    assert [f.line for f in trap] == [19]
    assert "/app/target/release/app" in trap[0].message and "cache mount" in trap[0].message


def test_guard_returns_only_errors_that_need_no_context(tmp_path: Path) -> None:
    findings = guard(TRAP.read_text(encoding="utf-8"))
    assert [f.rule.id for f in findings] == ["RD001"]  # not RD008 / RD010 (warnings)
    rules = {r.id for r in RULES if r.severity is Severity.ERROR and not r.needs_context}
    assert {f.rule.id for f in findings} <= rules


def test_guard_refuses_a_template_that_copies_from_the_mount(tmp_path: Path, build_file_tree) -> None:
    rendering = render(build_file_tree(tmp_path, single_bin()))
    broken = rendering.dockerfile.replace("COPY --from=builder /out/", "COPY --from=builder /app/target/release/")
    assert broken != rendering.dockerfile
    assert {f.rule.id for f in guard(broken)} == {"RD001"}


def test_guard_refuses_a_named_user_on_scratch(tmp_path: Path, build_file_tree) -> None:
    """The config accepts `user = "app"`; with the scratch runtime that image could not start."""
    rendering = render(build_file_tree(tmp_path, single_bin('runtime = "scratch"')))
    named = rendering.dockerfile.replace("USER 10001:10001", "USER app")
    assert named != rendering.dockerfile
    assert [f.rule.id for f in guard(named)] == ["RD014"]


def test_text_report() -> None:
    findings = trap_findings()
    text = format_findings(findings, [str(TRAP)], "text")
    first = text.splitlines()[0]
    assert first.startswith(f"{TRAP}:15: RD008 [warning] the cache mount /app/target hides")
    assert "\n    why: " in text and "\n    fix: " in text
    assert text.endswith("3 findings in 1 Dockerfile: 1 error, 2 warnings.\n")
    assert format_findings([], ["Dockerfile"], "text") == "No findings in 1 Dockerfile.\n"


def test_json_report() -> None:
    report = json.loads(format_findings(trap_findings(), [str(TRAP)], "json"))
    assert report["files"] == [str(TRAP)]
    trap = report["findings"][-1]
    assert trap["rule"] == "RD001" and trap["name"] == "copy-from-cache-mount" and trap["line"] == 19
    assert trap["severity"] == "error" and trap["why"] and trap["fix"] and trap["path"] == str(TRAP)


def test_sarif_report() -> None:
    findings = trap_findings()
    log = json.loads(format_findings(findings, [str(TRAP)], "sarif"))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in RULES]
    assert all(r["shortDescription"]["text"] and r["defaultConfiguration"]["level"] for r in rules)
    assert [r["ruleId"] for r in run["results"]] == ["RD008", "RD010", "RD001"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note") and result["message"]["text"]
        [location] = result["locations"]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == "file://" + quote(TRAP.as_posix())
        assert location["physicalLocation"]["region"]["startLine"] >= 1
    info = next(r for r in rules if r["id"] == "RD009")
    assert info["defaultConfiguration"]["level"] == "note"


def test_threshold() -> None:
    findings = trap_findings()
    assert [f.rule.id for f in at_or_above(findings, Severity.ERROR)] == ["RD001"]
    assert len(at_or_above(findings, Severity.WARNING)) == 3
    mv = CASES / "RD009" / "flagged-mv.Dockerfile"
    assert at_or_above(lint_text(mv.read_text(encoding="utf-8")), Severity.WARNING) == []


def test_suppression_by_id_name_and_file() -> None:
    text = TRAP.read_text(encoding="utf-8")
    copy = "COPY --from=builder /app/target/release/app"
    assert [f.rule.id for f in lint_text(text.replace(copy, f"# rustdock-lint: ignore=RD001\n{copy}"))] == [
        "RD008",
        "RD010",
    ]
    by_name = text.replace(copy, f"# rustdock-lint: ignore=runtime-runs-as-root, copy-from-cache-mount\n{copy}")
    assert [f.rule.id for f in lint_text(by_name)] == ["RD008", "RD010"]  # RD010 is reported on FROM, not here
    whole = "# rustdock-lint: ignore-file=rd001,target-mount-hides-cook,RD010\n" + text
    assert lint_text(whole) == []


@pytest.mark.parametrize(
    "text, message",
    [
        ("FROM rust:1.80\nRUN <<EOF\ncargo build\n", "unterminated heredoc"),
        ("FROM rust:1.80\nFETCH something\n", "unknown instruction"),
        ("ARG A=1\n", "no FROM"),
        ("RUN cargo build\n", "before the first FROM"),
        ("", "cannot parse"),
    ],
)
def test_unparsable_dockerfiles_raise(text: str, message: str) -> None:
    with pytest.raises(RustdockError, match=message):
        lint_text(text)


def test_unreadable_input_raises(tmp_path: Path) -> None:
    with pytest.raises(RustdockError, match="no such file"):
        dockerfiles([tmp_path / "missing"])
    with pytest.raises(RustdockError, match="no Dockerfile"):
        dockerfiles([tmp_path])
    (tmp_path / "Dockerfile").write_bytes(b"FROM \xff\n")
    with pytest.raises(RustdockError, match="cannot read"):
        lint_file(tmp_path / "Dockerfile")
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    with pytest.raises(RustdockError, match="not a directory"):
        lint_file(tmp_path / "Dockerfile", context=tmp_path / "nowhere")


def test_a_directory_means_its_dockerfiles(tmp_path: Path) -> None:
    for name in ("Dockerfile", "api.Dockerfile", "Dockerfile.dev", "Dockerfile.dockerignore", "Dockerfile.bak",
                 "notes.txt"):
        (tmp_path / name).write_text("FROM scratch\n")
    assert [p.name for p in dockerfiles([tmp_path])] == ["Dockerfile", "Dockerfile.dev", "api.Dockerfile"]


@pytest.mark.parametrize(
    "lines, excluded",
    [
        ("target", True),
        ("target/", True),
        ("/target", True),
        ("./target", True),
        ("**/target", True),
        ("target/*", True),
        ("*", True),
        ("target/release", False),
        ("targets", False),
        ("src/target", False),
        ("target\n!target/release/app", False),
        ("*\n!src\n!Cargo.toml", True),
        ("target\n!**/Cargo.toml", True),  # re-includes manifests, not the binaries
        ("# target", False),
    ],
)
def test_dockerignore_excludes_target(tmp_path: Path, lines: str, excluded: bool) -> None:
    (tmp_path / ".dockerignore").write_text(lines + "\n")
    assert read_context(tmp_path).excludes_target is excluded


@pytest.mark.parametrize(
    "word, expected",
    [
        ("$APP/bin", "/app/bin"),
        ("${APP}/bin", "/app/bin"),
        ("${MISSING:-/srv}/x", "/srv/x"),
        ("${EMPTY:-/srv}", "/srv"),
        ("${EMPTY-/srv}", ""),
        ("${APP:+set}", "set"),
        ('"$APP"/x', "/app/x"),
        ("'$APP'", "$APP"),
        (r"\$APP", "$APP"),
    ],
)
def test_expand(word: str, expected: str) -> None:
    variables = {"APP": "/app", "EMPTY": ""}
    assert expand(word, variables.get) == expected


def test_unknown_variables_never_match_a_path() -> None:
    path = expand("/app/$UNKNOWN/x", {}.get)
    assert overlap(path, "/app/target") is None
    assert overlap("/app/target/release/app", expand("$UNKNOWN/target", {}.get)) is None
    assert overlap(expand("/app/target/$BIN", {}.get), "/app/target") == "under"


def test_the_docs_table_lists_every_rule() -> None:
    table = (Path(__file__).parents[2] / "docs" / "lint-rules.md").read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if line.startswith("| RD")]
    expected = [f"| {r.id} | `{r.name}` | {r.severity.value} | {r.summary}" for r in RULES]
    assert [row[: len(e)] for row, e in zip(rows, expected)] == expected and len(rows) == len(RULES)


@pytest.mark.parametrize(
    "text, quoted",
    [
        ("cargo build", "`cargo build`"),
        ("cp /src/target/`rustup`/app", "``cp /src/target/`rustup`/app``"),
        ("`", "`` ` ``"),
        ("a `` b", "```a `` b```"),
    ],
)
def test_code_spans_hold_any_text(text: str, quoted: str) -> None:
    assert code(text) == quoted


def _spans_close(text: str) -> bool:
    """Whether each backtick run opens a code span that a later run of the same length closes (CommonMark)."""
    runs = [len(run) for run in re.findall("`+", text)]
    while runs:
        opener = runs.pop(0)
        if opener not in runs:
            return False
        runs = runs[runs.index(opener) + 1 :]
    return True


def test_messages_quote_any_command_text() -> None:
    cases = sorted((Path(__file__).parent / "cases").rglob("*Dockerfile"))
    findings = [f for case in cases for f in lint_file(case)]
    assert findings
    for finding in findings:
        assert _spans_close(finding.message) and _spans_close(finding.fix), finding
        assert "\x00" not in finding.message + finding.fix, finding

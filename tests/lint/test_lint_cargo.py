"""How lint reads cargo commands: wrappers, shell branches, what shapes a build, what a RUN or CMD
reads from its layer, and the words and severities of the findings built on them. Which Dockerfiles
the rules flag is covered by the files in tests/lint/cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rustdock.lint import Severity, at_or_above, lint_text
from rustdock.lint.model.cargo_calls import cargo_calls, differences
from rustdock.lint.model.dockerfile import parse
from rustdock.lint.model.layer_reads import run_reads, started_programs
from rustdock.lint.model.shaping import changes_artifacts
from rustdock.lint.model.shell import commands, exclusive
from rustdock.lint.model.words import spelled
from rustdock.lint.report import format_findings
from rustdock.lint.rules.catalogue import RUNTIME_RUNS_AS_ROOT, Finding

CASES = Path(__file__).parent / "cases"


def last_instruction(lines: str, base: str = "FROM rust:1.80\nWORKDIR /app\nARG UNSET\n"):
    return parse(base + lines + "\n").stages[-1].instructions[-1]


@pytest.mark.parametrize(
    "run, kind, said, cwd",
    [
        ("RUN xx-cargo chef cook --release --recipe-path recipe.json", "cook", "xx-cargo chef cook", "/app"),
        ("RUN xx-cargo build --release", "build", "xx-cargo build", "/app"),
        ("RUN cargo zigbuild --release --target x86_64-unknown-linux-gnu.2.17", "zigbuild", "cargo zigbuild", "/app"),
        ("RUN cross build --release", "build", "cross build", "/app"),
        ("RUN cargo auditable build --locked", "build", "cargo auditable build", "/app"),
        ("RUN cargo +nightly -C /src --locked b -r", "build", "cargo b", "/src"),
        ("RUN /usr/local/cargo/bin/cargo install ripgrep", "install", "cargo install", "/app"),
        ("RUN [\"cargo\", \"chef\", \"prepare\"]", "prepare", "cargo chef prepare", "/app"),
    ],
)
def test_wrappers_are_the_cargo_call_they_make(run: str, kind: str, said: str, cwd: str) -> None:
    [call] = cargo_calls(last_instruction(run))
    assert (call.kind, call.spelled, call.cwd) == (kind, said, cwd)


def test_what_the_wrappers_add() -> None:
    [xx] = cargo_calls(last_instruction("RUN xx-cargo build --release"))
    assert [spelled(t) for t in xx.shape().targets] == ["$(xx-info)"]
    [auditable] = cargo_calls(last_instruction("RUN cargo auditable build --locked"))
    assert auditable.locked and auditable.shape().profile == "dev"
    [toolchain] = cargo_calls(last_instruction("RUN cargo +nightly --locked build -r"))
    assert toolchain.locked and toolchain.toolchain == "nightly" and toolchain.shape().profile == "release"


@pytest.mark.parametrize(
    "run", ["RUN xx-cargo --print-target-triple", "RUN cargo binstall ripgrep", "RUN echo cargo build", "RUN cargo"]
)
def test_not_a_cargo_call(run: str) -> None:
    assert cargo_calls(last_instruction(run)) == []


def shapes(cook: str, build: str, env: str = "") -> list[str]:
    [cooked] = cargo_calls(last_instruction(f"RUN cargo chef cook {cook}"))
    [built] = cargo_calls(last_instruction(f"RUN {env} cargo build {build}".replace("RUN  ", "RUN ")))
    return differences(cooked.shape(), built.shape())


@pytest.mark.parametrize(
    "cook, build, env",
    [
        ("--release", "--release --features default", ""),
        ("--release", "--profile release --locked --frozen --offline -j 8 -vv -q --color never", ""),
        ("--release", "--release --message-format=json-render-diagnostics --timings --keep-going", ""),
        ("--features a,b", "-F b -Fa --features=a", ""),
        ("--all-features", "--all-features --features extra", ""),
        ("--no-default-features --features default", "", ""),
        ("--target x86_64-unknown-linux-musl", "", "CARGO_BUILD_TARGET=x86_64-unknown-linux-musl"),
        ("", "", "CARGO_BUILD_JOBS=2 CARGO_TERM_COLOR=always CARGO_NET_RETRY=5 CARGO_HTTP_TIMEOUT=60"),
        ("", "", "CARGO_REGISTRIES_CRATES_IO_PROTOCOL=sparse CARGO_BUILD_PROFILE=release RUSTC_WRAPPER=sccache"),
        ("--release", "--release", "CARGO_PROFILE_DEV_OPT_LEVEL=1"),
        ("--features $UNSET", "--features tls", ""),
    ],
)
def test_what_changes_nothing_compiled(cook: str, build: str, env: str) -> None:
    assert shapes(cook, build, env) == []


@pytest.mark.parametrize(
    "cook, build, env, label",
    [
        ("--release", "--release --no-default-features --features default,tls", "", "--features"),
        ("--release", "", "", "profile"),
        ("--release", "--release", "RUSTFLAGS='-C target-cpu=native'", "RUSTFLAGS"),
        ("--release", "--release", "CARGO_ENCODED_RUSTFLAGS=-Ctarget-cpu=native", "RUSTFLAGS"),
        ("--release", "--release", "CARGO_PROFILE_RELEASE_LTO=fat", "CARGO_PROFILE_RELEASE_LTO"),
        ("--profile dist", "--profile dist", "CARGO_PROFILE_RELEASE_LTO=fat", "CARGO_PROFILE_RELEASE_LTO"),
        ("", "", "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER=clang", "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER"),
        ("", "--target $UNSET", "", "--target"),
        ("--zigbuild", "", "", "command"),
    ],
)
def test_what_changes_the_artifacts(cook: str, build: str, env: str, label: str) -> None:
    assert [d.split(":")[0] for d in shapes(cook, build, env)] == [label]


@pytest.mark.parametrize(
    "variable, shaping",
    [("RUSTFLAGS", True), ("CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUSTFLAGS", True), ("CARGO_BUILD_TARGET", True),
     ("CARGO_PROFILE_RELEASE_DEBUG", True), ("CARGO_TARGET_DIR", False), ("CARGO_BUILD_JOBS", False),
     ("CARGO_HOME", False), ("OPENSSL_DIR", False)],
)
def test_the_environment_table(variable: str, shaping: bool) -> None:
    assert changes_artifacts(variable) is shaping


def test_branches_of_if_and_or() -> None:
    script = ("if [ -n \"$A\" ]; then a1 && a2; elif b0; then b1; else c1 || c2; fi; d\n"
              "(e1 && e2) || { f1; f2; }; sh -c 'if x; then g1; else g2; fi'")
    found = {c.argv[0]: c.branch for c in commands(script, "/", {}.get)}
    assert not exclusive(found["a1"], found["a2"]) and not exclusive(found["["], found["c1"])
    assert exclusive(found["a1"], found["b1"]) and exclusive(found["b0"], found["c2"])
    assert exclusive(found["c1"], found["c2"])
    assert not any(exclusive(found["d"], found[name]) for name in ("a1", "b1", "c2"))
    assert exclusive(found["e2"], found["f1"]) and not exclusive(found["f1"], found["f2"])
    assert exclusive(found["g1"], found["g2"])


def test_rd005_names_both_lines_and_the_cook_meant_for_the_build() -> None:
    case = CASES / "RD005" / "flagged-chained-cooks.Dockerfile"
    [finding] = lint_text(case.read_text(encoding="utf-8"))
    assert finding.message.startswith("cargo build (line 18) and the cargo chef cook it builds on (line 13) differ:")
    assert finding.message.endswith("differ: --features: cook (none), build `metrics`")  # not line 14's --target


@pytest.mark.parametrize(
    "run, reads",
    [
        ("RUN cp -a target/release/app target/worker /out/", ["/app/target/release/app", "/app/target/worker"]),
        ("RUN cp -t /out target/release/app", ["/app/target/release/app"]),
        ("RUN install -m 0755 -o root target/release/app /usr/local/bin/", ["/app/target/release/app"]),
        ("RUN install -d /app/target/release", []),
        ("RUN cd target/release && strip app && upx --best -o /out/app app", ["/app/target/release/app"] * 2),
        ("RUN cat target/release/app > /out/app", []),
    ],
)
def test_what_a_run_reads(run: str, reads: list[str]) -> None:
    assert [r.path for r in run_reads(last_instruction(run))] == reads


@pytest.mark.parametrize(
    "line, programs",
    [
        ('ENTRYPOINT ["/app/target/release/app", "--data", "/tmp/x"]', ["/app/target/release/app"]),
        ('ENTRYPOINT ["tini", "--", "target/release/app"]', ["/app/target/release/app"]),
        ("CMD exec ./target/release/app serve || exit 1", ["/app/target/release/app"]),
        ('CMD ["sh", "-c", "gosu app /srv/app"]', ["/srv/app"]),
        ('HEALTHCHECK --interval=5s CMD ["/bin/probe", "http://localhost/"]', ["/bin/probe"]),
        ("HEALTHCHECK NONE", []),
        ('CMD ["app"]', []),
    ],
)
def test_what_a_container_starts(line: str, programs: list[str]) -> None:
    assert started_programs(last_instruction(line)) == programs


def test_rd010_cannot_tell_is_info_in_every_format() -> None:
    case = CASES / "RD010" / "flagged-unknown-base.Dockerfile"
    findings = lint_text(case.read_text(encoding="utf-8"), str(case))
    [finding] = findings
    assert finding.rule is RUNTIME_RUNS_AS_ROOT and finding.severity is Severity.INFO
    assert at_or_above(findings, Severity.WARNING) == [] and at_or_above(findings, Severity.INFO) == findings
    assert "RD010 [info]" in format_findings(findings, [str(case)], "text")
    assert json.loads(format_findings(findings, [str(case)], "json"))["findings"][0]["severity"] == "info"
    [run] = json.loads(format_findings(findings, [str(case)], "sarif"))["runs"]
    assert run["results"][0]["level"] == "note"
    rule = run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]
    assert rule["id"] == "RD010" and rule["defaultConfiguration"]["level"] == "warning"


def test_a_finding_is_never_more_severe_than_its_rule() -> None:
    with pytest.raises(ValueError, match="more severe"):
        Finding(RUNTIME_RUNS_AS_ROOT, "Dockerfile", 1, "m", "f", level=Severity.ERROR)

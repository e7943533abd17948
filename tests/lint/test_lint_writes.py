"""How lint reads what RUNs write, what holds a secret, line continuations and the signs of a
multi-platform build: the tables behind RD017 to RD020. Which Dockerfiles those rules flag is
covered by the files in tests/lint/cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from rustdock.format import guard as proof
from rustdock.format.render import render
from rustdock.knowledge.images import STANDARD_DIRS
from rustdock.lint import dockerfiles, guard, lint_file, lint_text
from rustdock.lint.model.continuations import swallowed
from rustdock.lint.model.dockerfile import parse
from rustdock.lint.model.platforms import multi_platform, platform_key
from rustdock.lint.model.secrets import config_tokens, credential_file, secret_name
from rustdock.lint.model.shell import commands
from rustdock.lint.model.words import spelled
from rustdock.lint.model.writes import run_writes
from rustdock.lint.rules.copies import may_hold
from rustdock.lint.rules.scan import Scan

CASES = Path(__file__).parent / "cases"


def last_instruction(lines: str, base: str = "FROM rust:1.80\nWORKDIR /app\n"):
    return parse(base + lines + "\n").stages[-1].instructions[-1]


def writes_of(run: str) -> list[tuple[str, bool]] | None:
    found = run_writes(last_instruction(run))
    return None if found is None else [(spelled(w.path), w.beneath) for w in found]


@pytest.mark.parametrize(
    "run, expected",
    [
        ("RUN cp target/release/app /out/", [("/out", True)]),
        ("RUN install -m 0755 -d /srv/data /srv/logs", [("/srv/data", True), ("/srv/logs", True)]),
        ("RUN mkdir -p /out && cp -t /out target/release/api", [("/out", True), ("/out", True)]),
        ("RUN cargo --version > /app/VERSION 2>&1", [("/app/VERSION", False)]),
        ("RUN echo ok | tee -a /var/log/build.log /srv/ok", [("/var/log/build.log", False), ("/srv/ok", False)]),
        ("RUN curl -fsSLo /usr/local/bin/tini https://x/tini", [("/usr/local/bin/tini", False), ("/app", True)]),
        ("RUN tar xzf /tmp/mold.tgz -C /opt/mold", [("/tmp/mold.tgz", False), ("/opt/mold", True)]),
        ("RUN cargo build --release --artifact-dir /dist", [("/app/target", True), ("/dist", True)]),
        ("RUN cargo install --locked --root /usr/local ripgrep", [("/usr/local", True)]),
        ("RUN cargo chef prepare --recipe-path /recipe.json", [("/recipe.json", False)]),
        ("RUN cargo chef cook --release --recipe-path recipe.json", [("/app/target", True), ("/app", True)]),
        ("RUN cargo login", [("/usr/local/cargo/credentials.toml", False)]),
        ("RUN cp .netrc ~/.netrc", [("/$HOME/.netrc", True)]),
        ("RUN set -e; rm -rf /tmp/x; sed -i s/a/b/ /etc/x.conf", []),
        ("RUN ./scripts/build.sh", None),
        ("RUN make install", None),
        ("RUN sh install.sh", None),
        ("RUN cargo run --release", None),
    ],
)
def test_what_a_run_writes(run: str, expected: list[tuple[str, bool]] | None) -> None:
    assert writes_of(run) == expected


def test_package_managers_write_only_into_the_standard_directories() -> None:
    found = writes_of("RUN apt-get update && apt-get install -y --no-install-recommends curl")
    assert found and all(beneath and path in STANDARD_DIRS for path, beneath in found)
    assert "/usr" in [path for path, _ in found] and "/app" not in [path for path, _ in found]


def test_output_redirections_are_files_written() -> None:
    [echo, cat] = commands("echo 1 > out.txt 2>&1 >&2 && cat a >> /log", "/app", {}.get)
    # `2>&1` is one redirection (POSIX: a file descriptor number before `>&` belongs to it), no argument
    assert echo.argv == ("echo", "1") and echo.outputs == ("out.txt",)
    assert cat.outputs == ("/log",)


@pytest.mark.parametrize(
    "name, holds",
    [
        ("CARGO_REGISTRY_TOKEN", "crates.io's token"),
        ("CARGO_REGISTRIES_MY_REGISTRY_TOKEN", "a Cargo registry token"),
        ("GITHUB_TOKEN", "a token"),
        ("npm_token", "a token"),
        ("AWS_SECRET_ACCESS_KEY", "a secret key"),
        ("DATABASE_PASSWORD", "a password"),
        ("GITHUB_TOKEN_FILE", None),
        ("ACTIONS_ID_TOKEN_REQUEST_URL", None),
        ("GOOGLE_APPLICATION_CREDENTIALS", None),
        ("NEXT_PUBLIC_API_KEY", None),
        ("CACHE_KEY", None),
        ("CARGO_REGISTRIES_ACME_CREDENTIAL_PROVIDER", None),
        ("TOKENIZERS_PARALLELISM", None),
    ],
)
def test_secret_names(name: str, holds: str | None) -> None:
    assert secret_name(name) == holds


@pytest.mark.parametrize(
    "path, cargo_home, folders, pattern",
    [
        (".netrc", None, False, ".netrc"),
        ("/root/.ssh/id_ed25519", None, False, "id_ed25519"),
        ("deploy/id_rsa.pub", None, False, None),
        ("/root/.ssh/known_hosts", None, False, None),
        ("/usr/local/cargo/credentials.toml", "/usr/local/cargo", False, ".cargo/credentials.toml"),
        ("/usr/local/cargo/credentials.toml", None, False, None),
        ("/home/app/.cargo/credentials", None, False, ".cargo/credentials"),
        (".docker/config.json", None, False, ".docker/config.json"),
        ("config.json", None, False, None),
        ("/root/.ssh", None, False, None),
        (".ssh", None, True, ".ssh"),
    ],
)
def test_credential_files(path: str, cargo_home: str | None, folders: bool, pattern: str | None) -> None:
    found = credential_file(path, cargo_home, folders=folders)
    assert (found.pattern if found else None) == pattern


def test_config_tokens() -> None:
    config = {
        "registry": {"token": "x"},
        "registries": {"acme-mirror": {"index": "sparse+https://x/", "token": "y"}, "open": {"index": "z"}},
    }
    assert [(t.key, t.variable, t.secret) for t in config_tokens(config)] == [
        ("registry.token", "CARGO_REGISTRY_TOKEN", "crates-io"),
        ("registries.acme-mirror.token", "CARGO_REGISTRIES_ACME_MIRROR_TOKEN", "acme-mirror"),
    ]
    assert config_tokens({"registries": {"open": {"index": "z"}}}) == [] and config_tokens(None) == []


def test_the_context_part_of_rd017_needs_the_context() -> None:
    """`COPY . .` names no credential: only the context shows that it takes .netrc along."""
    [dockerfile] = dockerfiles([CASES / "RD017" / "flagged-context-netrc"])
    text = dockerfile.read_text(encoding="utf-8")
    assert [f.rule.id for f in lint_file(dockerfile) if f.rule.id == "RD017"] == ["RD017"]
    assert lint_text(text) == [] and guard(text) == []


def test_credentials_deep_in_the_context_or_ignored_are_not_looked_for(tmp_path: Path) -> None:
    (tmp_path / "docs" / "ops").mkdir(parents=True)
    (tmp_path / "docs" / "ops" / ".netrc").write_text("machine x login y password z\n")
    (tmp_path / ".git-credentials").write_text("https://user:token@example.com\n")
    (tmp_path / ".dockerignore").write_text("target\n.git-credentials\n")
    (tmp_path / "Dockerfile").write_text("FROM rust:1.80\nWORKDIR /app\nCOPY . .\nUSER 10001\n")
    assert lint_file(tmp_path / "Dockerfile") == []
    (tmp_path / ".dockerignore").write_text("target\n")
    [finding] = lint_file(tmp_path / "Dockerfile")
    assert finding.rule.id == "RD017" and finding.line == 3 and ".git-credentials" in finding.message


def test_a_copy_into_cargo_home_is_judged_by_what_the_context_file_holds(tmp_path: Path) -> None:
    (tmp_path / "npmrc.template").write_text("registry=https://npm.example.com/\n")
    (tmp_path / "Dockerfile").write_text("FROM rust:1.80\nCOPY npmrc.template /root/.npmrc\nUSER 10001\n")
    assert lint_file(tmp_path / "Dockerfile") == []
    (tmp_path / "npmrc.template").write_text("//npm.example.com/:_authToken=abc\n")
    assert [f.rule.id for f in lint_file(tmp_path / "Dockerfile")] == ["RD017"]


@pytest.mark.parametrize(
    "text, lines",
    [
        ("FROM a\nRUN make \\\n\nFROM b\n", [4]),
        ("FROM a\nRUN make \\\n  # note\n\ncopy . .\n", [5]),
        ("FROM a\nRUN <<EOF\nFROM x\nEOF\n", []),
        ("FROM a\nRUN <<EOF cat \\\n  > /f\nFROM y\nEOF\n", []),
        ("FROM a\nRUN set -e; \\\nenv | sort; \\\nENV X=1\n", [4]),
        ("# escape=`\nFROM a\nRUN make `\nFROM b\n", [4]),
        ("# escape=`\nFROM a\nRUN make \\\nFROM b\n", []),
    ],
)
def test_swallowed_lines(text: str, lines: list[int]) -> None:
    assert [s.line for s in swallowed(parse(text))] == lines


def test_the_generator_and_lint_read_continuations_alike() -> None:
    """guard.py's proof calls lint's reading: RD018 and the continuation check name the same lines."""
    text = "FROM a AS b\nRUN make \\\n\nFROM c\nCOPY <<EOF /x\nFROM d\nEOF\n"
    violations = proof._continuations(parse(text))
    assert [(v.check, v.line) for v in violations] == [("continuation", 4)]
    assert violations[0].message == (
        "`FROM c` is part of the RUN at line 2: the line continuation before it swallowed it"
    )
    assert [f.line for f in lint_text(text) if f.rule.id == "RD018"] == [4]


def test_the_generate_guard_refuses_a_token_build_argument(tmp_path: Path, build_file_tree) -> None:
    files = {"Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n',
             "src/main.rs": "fn main() {}\n"}
    rendering = render(build_file_tree(tmp_path, files))
    leaked = rendering.dockerfile.replace("FROM chef AS planner\n", "FROM chef AS planner\nARG CARGO_REGISTRY_TOKEN\n")
    assert leaked != rendering.dockerfile
    assert [f.rule.id for f in guard(leaked)] == ["RD017"]


@pytest.mark.parametrize(
    "image, path, own, holds",
    [
        ("scratch", "/usr/local/bin/app", (), False),
        ("scratch", "/", (), True),
        ("debian:bookworm-slim", "/usr/local/bin/app", (), True),
        ("debian:bookworm-slim", "/out/app", (), False),
        ("rust:1.80", "/usr/src/app/bin/app", ("/usr/src/app",), False),
        ("rust:1.80", "/usr/local/bin/app", ("/usr/local",), True),
        ("docker.io/library/alpine:3.20", "/dist/*", (), False),
        ("gcr.io/distroless/cc-debian12:debug", "/busybox/sh", (), True),
        ("tonistiigi/xx:1.4.0", "/out/app", (), True),
        ("ghcr.io/acme/base:1", "/app/config.toml", (), True),
    ],
)
def test_what_a_base_image_may_hold(image: str, path: str, own: tuple[str, ...], holds: bool) -> None:
    assert may_hold(image, path, own) is holds


@pytest.mark.parametrize(
    "text, sign",
    [
        ("FROM --platform=$BUILDPLATFORM rust:1.80\n", "FROM --platform=$BUILDPLATFORM"),
        ("ARG TARGETARCH\nFROM rust:1.80\n", "ARG TARGETARCH"),
        ("FROM rust:1.80\nARG TARGETOS TARGETARCH\n", "ARG TARGETOS"),
        ("FROM base-$TARGETARCH\n", "FROM base-$TARGETARCH"),
        ("FROM rust:1.80\nRUN xx-apk add musl-dev\n", "xx-apk"),
        ("FROM rust:1.80\nARG TRIPLE\nRUN cargo build --target $TRIPLE\n", "cargo build --target $TRIPLE"),
        ("FROM rust:1.80\nRUN cargo build --target \"$(cat /triple)\"\n", "cargo build --target $(cat /triple)"),
        ("FROM rust:1.80\nRUN cargo build --target aarch64-unknown-linux-gnu\n", None),
        ("FROM --platform=linux/amd64 rust:1.80\n", None),
    ],
)
def test_signs_of_a_multi_platform_build(text: str, sign: str | None) -> None:
    scan = Scan(parse(text))
    found = multi_platform(scan.dockerfile, scan.calls)
    assert (found.spelled if found else None) == sign


@pytest.mark.parametrize(
    "key, variables, varies, undeclared",
    [
        ("target-$TARGETPLATFORM", {"TARGETPLATFORM": "\x00TARGETPLATFORM\x00"}, True, []),
        ("target-${TARGETARCH}", {}, False, ["TARGETARCH"]),
        ("target-${ARCH}", {"ARCH": "\x00TARGETARCH\x00-musl"}, True, []),
        ("target-${BIN}", {"BIN": "\x00BIN\x00"}, False, []),
        ("/app/target", {}, False, []),
    ],
)
def test_platform_keys(key: str, variables: dict[str, str], varies: bool, undeclared: list[str]) -> None:
    assert platform_key(key, variables) == (varies, undeclared)

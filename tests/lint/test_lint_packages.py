"""What RUNs install and what base images hold, as RD015 and RD016 read them, and the words of
their findings. Which Dockerfiles they flag is covered by tests/lint/cases/RD015 and RD016."""

from __future__ import annotations

from pathlib import Path

import pytest

from rustdock.errors import RustdockError
from rustdock.knowledge.images import base_image
from rustdock.lint import lint_file, lint_text
from rustdock.lint.model.crates import linked_crates
from rustdock.lint.model.dockerfile import parse
from rustdock.lint.model.packages import installs, is_builder_image

CASES = Path(__file__).parent / "cases"


def installed(run: str) -> list[tuple[str, str]]:
    dockerfile = parse(f"FROM debian:bookworm-slim\nARG PACKAGES\n{run}\n")
    return [(i.manager, i.package) for i in installs(dockerfile.stages[0].instructions[-1])]


@pytest.mark.parametrize(
    "run, expected",
    [
        pytest.param(
            "RUN --mount=type=cache,id=apt-cache,target=/var/cache/apt,sharing=locked \\\n"
            "    --mount=type=cache,id=apt-lists,target=/var/lib/apt,sharing=locked \\\n"
            "    rm -f /etc/apt/apt.conf.d/docker-clean \\\n"
            " && apt-get update \\\n"
            " && apt-get install -y --no-install-recommends clang libssl-dev lld pkg-config",
            [("apt", "clang"), ("apt", "libssl-dev"), ("apt", "lld"), ("apt", "pkg-config")],
            id="rustdock-cache-mounts",
        ),
        pytest.param(
            "RUN apt-get update && apt-get install -y libssl-dev && rm -rf /var/lib/apt/lists/*",
            [("apt", "libssl-dev")], id="classic",
        ),
        pytest.param("RUN apt install -qq --yes libpq-dev=15.* libssl3:amd64 mold/bookworm-backports",
                     [("apt", "libpq-dev"), ("apt", "libssl3"), ("apt", "mold")], id="pins"),
        pytest.param("RUN apt-get -o Dpkg::Options::=--force-confnew install -t bookworm-backports -y mold",
                     [("apt", "mold")], id="valued-options"),
        pytest.param("RUN apk add --no-cache --virtual .build-deps openssl-dev musl-dev 'libpq>16' sqlite-dev@edge",
                     [("apk", "openssl-dev"), ("apk", "musl-dev"), ("apk", "libpq"), ("apk", "sqlite-dev")],
                     id="apk"),
        pytest.param("RUN /usr/bin/apt-get install -y clang", [("apt", "clang")], id="full-path"),
        pytest.param("RUN sh -c 'apt-get update && apt-get install -y lld'", [("apt", "lld")], id="sh-c"),
        pytest.param("RUN <<EOF\nset -e\napt-get install -y mold\nEOF", [("apt", "mold")], id="heredoc"),
        pytest.param("RUN apt-get remove -y libssl-dev && apt-get -y autoremove", [], id="remove"),
        pytest.param("RUN apt-get install -y $PACKAGES", [], id="unknown-arg"),
        pytest.param("RUN echo apt-get install -y clang", [], id="not-a-command"),
    ],
)
def test_installs(run: str, expected: list[tuple[str, str]]) -> None:
    assert installed(run) == expected


BOOKWORM_SLIM = {"libbz2-1.0", "libc6", "libgcc-s1", "liblz4-1", "liblzma5", "libstdc++6", "libudev1", "libzstd1",
                 "tzdata", "zlib1g"}


@pytest.mark.parametrize(
    "image, holds",
    [
        ("debian:bookworm-slim", BOOKWORM_SLIM),
        ("docker.io/library/debian:12.5-slim", BOOKWORM_SLIM),
        ("gcr.io/distroless/cc-debian12:nonroot", {"libc6", "libgcc-s1", "libgomp1", "libssl3", "libstdc++6", "tzdata"}),
        ("gcr.io/distroless/base-debian13", {"libc6", "libssl3t64", "libzstd1", "tzdata", "zlib1g"}),
        ("alpine:3.20", {"libssl3", "zlib"}),
        ("debian:trixie-slim", {"libbz2-1.0", "libc6", "libgcc-s1", "liblz4-1", "liblzma5", "libseccomp2", "libsqlite3-0",
                                "libssl3t64", "libstdc++6", "libsystemd0", "libudev1", "libzstd1", "tzdata", "zlib1g"}),
        ("debian:stable-slim", None),  # floats
        ("alpine:3.16", None),  # OpenSSL 1.1
        ("gcr.io/distroless/static-debian12", None),  # no libc: a static binary
        ("scratch", None),
        ("ubuntu:24.04", None),
    ],
)
def test_base_images(image: str, holds: set[str] | None) -> None:
    """What the linter and the generator both read (rustdock/knowledge/images.py)."""
    base = base_image(image)
    assert (None if base is None else set(base.holds)) == holds


@pytest.mark.parametrize(
    "image, known",
    [
        ("rust:1.95-slim-bookworm", True),
        ("docker.io/library/rust:1", True),
        ("lukemathwalker/cargo-chef:latest-rust-1.95-slim-bookworm", True),
        ("ghcr.io/acme/rust:1.95", False),
        ("debian:bookworm-slim", False),
        ("\x00BASE\x00", False),  # an ARG without a default
    ],
)
def test_builder_images(image: str, known: bool) -> None:
    assert is_builder_image(image) is known


def test_runtime_lacks_library_says_what_and_how() -> None:
    case = CASES / "RD015" / "flagged-rustdock-shape.Dockerfile"
    [finding] = lint_text(case.read_text(encoding="utf-8"), str(case))
    assert finding.message == (
        "libssl-dev (line 6) makes the build link libssl.so.3, but the final image (debian:bookworm-slim) "
        "has no libssl3: the binary will not start"
    )
    assert "apt-get install -y --no-install-recommends libssl3" in finding.fix
    distroless = CASES / "RD015" / "flagged-distroless-sqlite.Dockerfile"
    [finding] = lint_text(distroless.read_text(encoding="utf-8"), str(distroless))
    assert "libsqlite3-0" in finding.message and "has no package manager" in finding.fix


def test_cook_before_linker_names_the_setting_and_the_cook() -> None:
    findings = lint_file(CASES / "RD016" / "flagged-clang-lld-not-installed" / "Dockerfile")
    assert [f.message for f in findings] == [
        '`target.x86_64-unknown-linux-gnu.linker = "clang"` in .cargo/config.toml makes cargo chef cook link '
        "with clang, but nothing before it installs clang: it fails when it links",
        "`target.x86_64-unknown-linux-gnu.rustflags: -C link-arg=-fuse-ld=lld` in .cargo/config.toml makes "
        "cargo chef cook link with lld, but nothing before it installs lld: it fails when it links",
    ]
    assert findings[0].fix.startswith("Install clang before line 18")


def test_cook_before_linker_reads_the_legacy_config_name(tmp_path: Path) -> None:
    case = CASES / "RD016" / "flagged-mold-after-cook"
    (tmp_path / ".cargo").mkdir()
    (tmp_path / ".cargo" / "config").write_bytes((case / ".cargo" / "config.toml").read_bytes())
    (tmp_path / ".dockerignore").write_text("target/\n")
    (tmp_path / "Dockerfile").write_bytes((case / "Dockerfile").read_bytes())
    [finding] = lint_file(tmp_path / "Dockerfile")
    assert finding.rule.id == "RD016" and "in .cargo/config makes" in finding.message


@pytest.mark.parametrize(
    "config, message",
    [("[build\n", "invalid TOML"), ("[build]\nrustflags = 3\n", "build.rustflags must be a string or an array")],
)
def test_a_broken_cargo_config_is_bad_input(tmp_path: Path, config: str, message: str) -> None:
    case = CASES / "RD016" / "flagged-fuse-lld-before-rust-1-90"
    (tmp_path / ".cargo").mkdir()
    (tmp_path / ".cargo" / "config.toml").write_text(config)
    (tmp_path / "Dockerfile").write_bytes((case / "Dockerfile").read_bytes())
    with pytest.raises(RustdockError, match=f"config.toml: {message}"):
        lint_file(tmp_path / "Dockerfile")


LOCK = """version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["helper", "openssl", "pq-sys 0.6.3"]

[[package]]
name = "helper"
version = "0.1.0"
dependencies = ["libz-sys"]

[[package]]
name = "openssl"
version = "0.10.66"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = ["openssl-sys"]

[[package]]
name = "openssl-sys"
version = "0.9.103"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "pq-sys"
version = "0.6.3"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "libz-sys"
version = "1.1.20"
source = "registry+https://github.com/rust-lang/crates.io-index"
"""
PACKAGE = '[package]\nname = "app"\nversion = "0.1.0"\n'


@pytest.mark.parametrize(
    "manifest, expected",
    [
        pytest.param(PACKAGE + '[dependencies]\nopenssl = "0.10"\n', {"app", "openssl", "openssl-sys"}, id="normal"),
        pytest.param(PACKAGE + '[build-dependencies]\nopenssl = "0.10"\n[dev-dependencies]\npq-sys = "0.6"\n',
                     {"app"}, id="build-and-dev-only"),
        pytest.param(PACKAGE + '[dependencies]\ntls = { package = "openssl", version = "0.10" }\n',
                     {"app", "openssl", "openssl-sys"}, id="renamed"),
        pytest.param(PACKAGE + "[target.'cfg(windows)'.dependencies]\nopenssl = \"0.10\"\n"
                     "[target.'cfg(unix)'.dependencies]\npq-sys = \"0.6\"\n", {"app", "pq-sys"}, id="platforms"),
        pytest.param(PACKAGE + '[dependencies]\nhelper = { path = "helper" }\n', {"app", "helper", "libz-sys"},
                     id="path-dependency"),
        # a workspace: every member's locked edges, whatever their kind
        pytest.param('[workspace]\nmembers = ["app", "helper"]\n',
                     {"app", "helper", "openssl", "openssl-sys", "pq-sys", "libz-sys"}, id="workspace"),
    ],
)
def test_linked_crates(tmp_path: Path, build_file_tree, manifest: str, expected: set[str]) -> None:
    root = build_file_tree(tmp_path, {"Cargo.toml": manifest, "Cargo.lock": LOCK})
    assert linked_crates(root, "x86_64-unknown-linux-gnu") == expected


def test_linked_crates_without_a_lockfile_cannot_say(tmp_path: Path, build_file_tree) -> None:
    assert linked_crates(build_file_tree(tmp_path, {"Cargo.toml": PACKAGE}), "x86_64-unknown-linux-gnu") is None
    (tmp_path / "Cargo.lock").write_text("[[package]\n")
    assert linked_crates(tmp_path, "x86_64-unknown-linux-gnu") is None

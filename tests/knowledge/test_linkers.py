"""Which linker tools a .cargo/config.toml asks for: a table of configs, the type errors, and
`cargo check -v` as the oracle for which linker setting and rustflags Cargo applies."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from rustdock.errors import RustdockError
from rustdock.knowledge.linkers import LinkerNeed, linker_needs
from rustdock.read.toolchain import read_cargo_config

GNU = "x86_64-unknown-linux-gnu"
ARM = "aarch64-unknown-linux-gnu"
MUSL = "x86_64-unknown-linux-musl"
PATH = "/src/.cargo/config.toml"


def needs(toml: str, triple: str = GNU, **options: object) -> list[tuple[str, tuple[str, ...], str]]:
    found = linker_needs(tomllib.loads(toml), triple, PATH, **options)  # type: ignore[arg-type]
    return [(n.tool, n.packages, n.setting) for n in found]


CLANG = ("clang", ("clang",))
LLD = ("lld", ("lld",))
MOLD = ("mold", ("mold",))

CASES = [
    pytest.param("", GNU, {}, [], id="empty"),
    pytest.param(
        '[target.x86_64-unknown-linux-gnu]\nlinker = "clang"\nrustflags = ["-C", "link-arg=-fuse-ld=lld"]',
        GNU, {},
        [(*CLANG, 'target.x86_64-unknown-linux-gnu.linker = "clang"'),
         (*LLD, "target.x86_64-unknown-linux-gnu.rustflags: -C link-arg=-fuse-ld=lld")],
        id="clang-and-lld",
    ),
    pytest.param('[target.x86_64-unknown-linux-gnu]\nlinker = "/usr/bin/clang-16"', GNU, {},
                 [("clang", ("clang-16",), 'target.x86_64-unknown-linux-gnu.linker = "/usr/bin/clang-16"')],
                 id="clang-versioned-path"),
    pytest.param('[target.x86_64-unknown-linux-gnu]\nlinker = "ld.lld"', GNU, {},
                 [(*LLD, 'target.x86_64-unknown-linux-gnu.linker = "ld.lld"')], id="lld-as-linker"),
    pytest.param('[target.x86_64-unknown-linux-gnu]\nlinker = "mold"', GNU, {},
                 [(*MOLD, 'target.x86_64-unknown-linux-gnu.linker = "mold"')], id="mold-as-linker"),
    pytest.param('[target.x86_64-unknown-linux-gnu]\nlinker = "gcc"', GNU, {}, [], id="gcc-is-in-the-builder"),
    pytest.param('[target.x86_64-unknown-linux-gnu]\nlinker = "rust-lld"', GNU, {}, [], id="rust-lld-ships-with-rust"),
    pytest.param('[target.aarch64-unknown-linux-gnu]\nlinker = "aarch64-linux-gnu-gcc"', ARM, {}, [],
                 id="unknown-program-is-left-out"),
    pytest.param('[target.aarch64-unknown-linux-gnu]\nlinker = "clang"', GNU, {}, [], id="another-triple"),
    pytest.param("[target.'cfg(unix)']\nlinker = \"clang\"", GNU, {},
                 [(*CLANG, "target.'cfg(unix)'.linker = \"clang\"")], id="cfg-linker"),
    pytest.param("[target.'cfg(windows)']\nlinker = \"clang\"", GNU, {}, [], id="cfg-linker-not-matching"),
    pytest.param("[target.'cfg(feature = \"x\")']\nlinker = \"clang\"", GNU, {}, [], id="cfg-linker-undecidable"),
    pytest.param(
        '[target.x86_64-unknown-linux-gnu]\nlinker = "gcc"\n[target.\'cfg(unix)\']\nlinker = "clang"', GNU, {}, [],
        id="triple-linker-wins-over-cfg",
    ),
    pytest.param('[build]\nrustflags = "-C link-arg=-fuse-ld=mold"', GNU, {},
                 [(*MOLD, "build.rustflags: -C link-arg=-fuse-ld=mold")], id="build-rustflags-string"),
    pytest.param('[build]\nrustflags = ["-Clink-arg=-fuse-ld=mold"]', GNU, {},
                 [(*MOLD, "build.rustflags: -Clink-arg=-fuse-ld=mold")], id="attached-codegen-flag"),
    pytest.param('[build]\nrustflags = ["--codegen=link-args=-Wl,-O1 -fuse-ld=mold"]', GNU, {},
                 [(*MOLD, "build.rustflags: --codegen=link-args=-Wl,-O1 -fuse-ld=mold")], id="link-args"),
    pytest.param('[build]\nrustflags = ["-C", "link-arg=--ld-path=/usr/local/bin/mold"]', GNU, {},
                 [(*MOLD, "build.rustflags: -C link-arg=--ld-path=/usr/local/bin/mold")], id="ld-path"),
    pytest.param('[build]\nrustflags = ["-C", "link-arg=-fuse-ld=gold"]', GNU, {}, [], id="gold-is-binutils"),
    pytest.param('[build]\nrustflags = ["-C", "linker=clang", "-C", "link-arg=-fuse-ld=lld"]', GNU, {},
                 [(*CLANG, "build.rustflags: -C linker=clang"), (*LLD, "build.rustflags: -C link-arg=-fuse-ld=lld")],
                 id="linker-in-rustflags"),
    pytest.param(
        '[target.x86_64-unknown-linux-gnu]\nlinker = "clang"\nrustflags = ["-C", "linker=gcc"]', GNU, {}, [],
        id="rustflags-linker-wins",
    ),
    pytest.param(
        '[target.x86_64-unknown-linux-gnu]\nrustflags = ["-C", "link-arg=-fuse-ld=mold"]\n'
        '[build]\nrustflags = ["-C", "linker=clang"]', GNU, {},
        [(*MOLD, "target.x86_64-unknown-linux-gnu.rustflags: -C link-arg=-fuse-ld=mold")],
        id="target-rustflags-replace-build",
    ),
    pytest.param(
        '[target.x86_64-unknown-linux-gnu]\nrustflags = []\n[build]\nrustflags = ["-C", "linker=clang"]', GNU, {},
        [(*CLANG, "build.rustflags: -C linker=clang")], id="empty-target-rustflags-keep-build",
    ),
    pytest.param(
        "[target.'cfg(target_env = \"musl\")']\nrustflags = [\"-C\", \"linker=clang\"]\n"
        "[target.'cfg(unix)']\nrustflags = [\"-C\", \"link-arg=-fuse-ld=mold\"]", MUSL, {},
        [(*CLANG, "target.'cfg(target_env = \"musl\")'.rustflags: -C linker=clang"),
         (*MOLD, "target.'cfg(unix)'.rustflags: -C link-arg=-fuse-ld=mold")],
        id="cfg-rustflags-joined",
    ),
    pytest.param(
        "[target.'cfg(tokio_unstable)']\nrustflags = [\"--cfg\", \"x\"]\n"
        '[build]\nrustflags = ["-C", "linker=clang"]',
        GNU, {}, [], id="undecidable-cfg-rustflags-may-replace-build",
    ),
    # the toolchain's own lld: x86_64 gnu from Rust 1.90, when cc is the driver
    pytest.param('[build]\nrustflags = ["-C", "link-arg=-fuse-ld=lld"]', GNU, {"rust_version": "1.95"}, [],
                 id="lld-self-contained-1.95"),
    pytest.param('[build]\nrustflags = ["-C", "link-arg=-fuse-ld=lld"]', GNU, {"rust_version": "stable"}, [],
                 id="lld-self-contained-floating"),
    pytest.param('[build]\nrustflags = ["-C", "link-arg=-fuse-ld=lld"]', GNU, {"rust_version": "1.85"},
                 [(*LLD, "build.rustflags: -C link-arg=-fuse-ld=lld")], id="lld-before-1.90"),
    pytest.param('[build]\nrustflags = ["-C", "link-arg=-fuse-ld=lld"]', ARM, {"rust_version": "1.95"},
                 [(*LLD, "build.rustflags: -C link-arg=-fuse-ld=lld")], id="lld-other-triple"),
    pytest.param('[build]\nrustflags = ["-C", "linker=gcc", "-C", "link-arg=-fuse-ld=lld"]', GNU,
                 {"rust_version": "1.95"},
                 [(*LLD, "build.rustflags: -C link-arg=-fuse-ld=lld")], id="lld-with-gcc-named"),
    pytest.param('[build]\nrustflags = ["-C", "linker-features=-lld", "-C", "link-arg=-fuse-ld=lld"]', GNU,
                 {"rust_version": "1.95"},
                 [(*LLD, "build.rustflags: -C link-arg=-fuse-ld=lld")], id="self-contained-turned-off"),
    pytest.param(
        '[build]\nrustflags = ["-Zlinker-features=+lld", "-Clink-self-contained=+linker", "-Zunstable-options"]',
        ARM, {}, [], id="self-contained-turned-on",
    ),
    pytest.param('[build]\nrustflags = ["-Zlinker-features=+lld"]', ARM, {},
                 [(*LLD, "build.rustflags: -Zlinker-features=+lld")], id="linker-features-lld"),
    pytest.param('[build]\nrustflags = ["-C", "linker-flavor=ld.lld", "-C", "linker=rust-lld"]', GNU, {}, [],
                 id="linker-flavor"),
    # the build's environment replaces what the file says
    pytest.param('[build]\nrustflags = ["-C", "link-arg=-fuse-ld=mold"]', GNU, {"environment": {"RUSTFLAGS": ""}},
                 [], id="env-rustflags-replace-the-file"),
    pytest.param("", GNU, {"environment": {"CARGO_ENCODED_RUSTFLAGS": "-C\x1flink-arg=-fuse-ld=mold"}},
                 [(*MOLD, "CARGO_ENCODED_RUSTFLAGS: -C link-arg=-fuse-ld=mold")], id="env-encoded-rustflags"),
    pytest.param('[target.x86_64-unknown-linux-gnu]\nlinker = "clang"', GNU,
                 {"environment": {"CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER": "gcc"}}, [], id="env-linker"),
    pytest.param('[build]\nrustflags = ["-C", "linker=clang"]', GNU,
                 {"environment": {"CARGO_BUILD_RUSTFLAGS": "-C link-arg=-fuse-ld=mold"}},
                 [(*MOLD, "CARGO_BUILD_RUSTFLAGS: -C link-arg=-fuse-ld=mold")], id="env-build-rustflags"),
]


@pytest.mark.parametrize("toml, triple, options, expected", CASES)
def test_linker_needs(toml: str, triple: str, options: dict, expected: list) -> None:
    assert needs(toml, triple, **options) == expected


def test_one_need_per_tool_with_the_first_setting() -> None:
    toml = '[target.x86_64-unknown-linux-gnu]\nlinker = "clang"\nrustflags = ["-C", "linker=clang-16"]'
    assert needs(toml) == [("clang", ("clang-16",), "target.x86_64-unknown-linux-gnu.rustflags: -C linker=clang-16")]
    toml = '[build]\nrustflags = ["-C", "link-arg=-fuse-ld=mold", "-C", "link-arg=--ld-path=/opt/mold"]'
    assert needs(toml) == [(*MOLD, "build.rustflags: -C link-arg=-fuse-ld=mold")]
    assert LinkerNeed("mold", ("mold",), "x") == LinkerNeed("mold", ("mold",), "x")


TRIPLE_TABLE = "target.x86_64-unknown-linux-gnu"
LIST = "must be a string or an array of strings"


@pytest.mark.parametrize(
    "toml, message",
    [
        ("[build]\nrustflags = 3", f"build.rustflags {LIST}, not an integer"),
        ('[build]\nrustflags = ["-C", 3]', f"build.rustflags {LIST}, not an array"),
        ("build = 1", "build must be a table, not an integer"),
        ("target = []", "target must be a table, not an array"),
        ('[target]\nx86_64-unknown-linux-gnu = "clang"', f"{TRIPLE_TABLE} must be a table, not a string"),
        (f"[{TRIPLE_TABLE}]\nlinker = []", f"{TRIPLE_TABLE}.linker must be a string, not an array"),
        (f"[{TRIPLE_TABLE}]\nrustflags = {{a = 1}}", f"{TRIPLE_TABLE}.rustflags {LIST}, not a table"),
        # checked even where rustdock cannot tell whether the table applies
        ("[target.'cfg(tokio_unstable)']\nlinker = true", "target.'cfg(tokio_unstable)'.linker must be a string, "
                                                          "not a boolean"),
        (
            "[target.'cfg(unix)']\nlinker = \"clang\"\n[target.'cfg(target_os = \"linux\")']\nlinker = \"mold\"",
            "several target.'cfg(..)'.linker settings match x86_64-unknown-linux-gnu",
        ),
    ],
)
def test_wrong_types_name_the_file_and_key(toml: str, message: str) -> None:
    with pytest.raises(RustdockError, match=f"^{re.escape(PATH)}: {re.escape(message)}"):
        needs(toml)


def test_a_config_that_is_not_a_table() -> None:
    with pytest.raises(RustdockError, match="the file must hold a table"):
        linker_needs([], GNU, PATH)  # type: ignore[arg-type]


def test_read_cargo_config_prefers_the_legacy_name(tmp_path: Path) -> None:
    """Cargo (and cargo-chef's recipe) read .cargo/config when both files exist."""
    assert read_cargo_config(tmp_path) is None
    (tmp_path / ".cargo").mkdir()
    (tmp_path / ".cargo" / "config.toml").write_text('[build]\nrustflags = ["a"]\n')
    assert read_cargo_config(tmp_path) == (tmp_path / ".cargo" / "config.toml", {"build": {"rustflags": ["a"]}})
    (tmp_path / ".cargo" / "config").write_text('[build]\nrustflags = ["b"]\n')
    assert read_cargo_config(tmp_path) == (tmp_path / ".cargo" / "config", {"build": {"rustflags": ["b"]}})
    (tmp_path / ".cargo" / "config").write_text("[build\n")
    with pytest.raises(RustdockError, match="invalid TOML"):
        read_cargo_config(tmp_path)


# Configs whose resolution Cargo itself decides: which linker setting wins, which rustflags are
# joined, when build.rustflags applies, which cfg() tables match.
ORACLE = [
    pytest.param('[target.x86_64-unknown-linux-gnu]\nlinker = "gcc"\n[target.\'cfg(unix)\']\nlinker = "clang"',
                 GNU, id="triple-over-cfg"),
    pytest.param("[target.'cfg(all(unix, target_arch = \"x86_64\"))']\nlinker = \"clang\"", GNU, id="cfg-linker"),
    pytest.param("[target.'cfg(not(unix))']\nlinker = \"clang\"\n[build]\nrustflags = \"-C link-arg=-fuse-ld=mold\"",
                 GNU, id="cfg-not-matching"),
    pytest.param(
        '[target.x86_64-unknown-linux-gnu]\nrustflags = ["-C", "link-arg=-fuse-ld=lld"]\n'
        "[target.'cfg(target_os = \"linux\")']\nrustflags = [\"-C\", \"linker=clang\"]\n"
        '[build]\nrustflags = ["-C", "link-arg=-fuse-ld=mold"]', GNU, id="joined-not-build",
    ),
    pytest.param('[target.x86_64-unknown-linux-gnu]\nrustflags = []\n[build]\nrustflags = ["-C", "linker=clang"]',
                 GNU, id="empty-target-rustflags"),
    pytest.param('[target.x86_64-unknown-linux-gnu]\nlinker = "clang"\nrustflags = "-C linker=gcc"', GNU,
                 id="rustflags-linker-last"),
    pytest.param("[target.'cfg(target_env = \"musl\")']\nlinker = \"clang\"\n"
                 "[target.aarch64-unknown-linux-gnu]\nrustflags = [\"-C\", \"link-arg=-fuse-ld=mold\"]", ARM,
                 id="cross-target"),
]


@pytest.mark.parametrize("toml, triple", ORACLE)
def test_cargo_agrees(tmp_path: Path, build_file_tree, toml: str, triple: str) -> None:
    """What `cargo check -v` passes to rustc, read back as plain rustflags, asks for the same tools."""
    if shutil.which("cargo") is None:
        pytest.skip("cargo is not installed")
    crate = build_file_tree(tmp_path / "crate", {
        "Cargo.toml": '[package]\nname = "oracle"\nversion = "0.1.0"\nedition = "2021"\n',
        "src/main.rs": "fn main() {}\n",
        ".cargo/config.toml": toml,
    })
    keep = ("PATH", "HOME", "RUSTUP_HOME", "RUSTUP_TOOLCHAIN")
    env = {k: v for k, v in os.environ.items() if k in keep} | {"CARGO_HOME": str(tmp_path / "cargo-home")}
    result = subprocess.run(
        ["cargo", "check", "-v", "--offline", "--target", triple, "--target-dir", str(tmp_path / "target")],
        cwd=crate, env=env, capture_output=True, text=True, timeout=120,
    )
    running = [line for line in result.stderr.splitlines() if "Running `" in line and "--crate-name oracle" in line]
    assert running, result.stderr
    argv = shlex.split(running[0].split("Running `", 1)[1].rstrip("`"))
    seen_by_rustc = {"build": {"rustflags": argv[1:]}}
    expected = {n.tool for n in linker_needs(tomllib.loads(toml), triple, PATH)}
    assert {n.tool for n in linker_needs(seen_by_rustc, triple, PATH)} == expected

"""The CLI stays thin: these tests check exit codes, streams and the JSON contract only."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

EXAMPLE = Path(__file__).parents[2] / "examples" / "rust-app"
DETECTION = Path(__file__).parents[1] / "detection"


def rustdock(*args: str, cwd: Path | None = None, entry: str = "rustdock") -> subprocess.CompletedProcess[str]:
    script = shutil.which(entry, path=str(Path(sys.executable).parent))
    assert script, f"{entry} is not installed next to {sys.executable}"
    return subprocess.run([script, *args], cwd=cwd, capture_output=True, text=True, timeout=60)


@pytest.fixture
def crate(tmp_path: Path) -> Path:
    (tmp_path / "src/bin").mkdir(parents=True)
    (tmp_path / "Cargo.toml").write_text('[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2021"\n')
    (tmp_path / "src/main.rs").write_text("fn main() {}\n")
    return tmp_path


def test_the_example_is_up_to_date() -> None:
    result = rustdock("check", str(EXAMPLE))
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_exits_1_with_a_diff_then_generate_fixes_it(crate: Path) -> None:
    assert rustdock("init", cwd=crate).returncode == 0
    (crate / "src/bin/worker.rs").write_text("fn main() {}\n")

    stale = rustdock("check", cwd=crate)
    assert stale.returncode == 1
    assert stale.stdout.startswith("--- a/Dockerfile\n+++ b/Dockerfile\n")
    assert "added binary `worker`" in stale.stderr

    generated = rustdock("generate", cwd=crate)
    assert generated.returncode == 0
    assert "Dockerfile: added binary `worker`" in generated.stdout
    assert rustdock("check", str(crate)).returncode == 0


def test_bad_input_exits_2_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    result = rustdock("generate", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("rustdock: error: ") and "Traceback" not in result.stderr


def test_refused_generate_exits_2(crate: Path) -> None:
    (crate / "Dockerfile").write_text("FROM scratch\n")
    result = rustdock("generate", cwd=crate)
    assert result.returncode == 2 and "not written by rustdock" in result.stderr
    assert (crate / "Dockerfile").read_text() == "FROM scratch\n"


def test_plan_json_lists_every_binary_and_the_rust_version() -> None:
    plan = json.loads(rustdock("plan", "--json", str(EXAMPLE)).stdout)
    assert plan["rust_version"] == "1.95"
    assert [(b["name"], b["package"], b["path"], b["selected"]) for b in plan["binaries"]] == [
        ("app", "app", "crates/app/src/main.rs", True),
        ("worker", "app", "crates/app/src/bin/worker.rs", True),
    ]
    assert plan["binaries"][0]["required_features"] == []
    assert plan["primary"] == "app"
    assert plan["deps"] == {"arg": "RUSTDOCK_DEPS", "default": "layer", "stage": "deps",
                            "choices": [["layer", "cook"], ["cache", "chef"]]}


def test_plan_says_how_to_build_without_the_cooked_layer() -> None:
    text = rustdock("plan", str(EXAMPLE)).stdout
    assert "builder from:  cook's layer (RUSTDOCK_DEPS=layer)" in text
    assert "--build-arg RUSTDOCK_DEPS=cache: nothing; no planner or cook runs" in text


def test_cargo_subcommand_entry_point(crate: Path) -> None:
    # cargo runs `cargo-rustdock rustdock plan` for `cargo rustdock plan`.
    result = rustdock("rustdock", "plan", cwd=crate, entry="cargo-rustdock")
    assert result.returncode == 0, result.stderr
    assert "hello" in result.stdout


def test_help_lists_the_commands() -> None:
    result = rustdock("--help")
    assert result.returncode == 0
    for command in ("init", "generate", "check", "plan"):
        assert command in result.stdout


class TextSnapshot(SingleFileSnapshotExtension):
    file_extension = "txt"
    _write_mode = WriteMode.TEXT


def test_a_native_crate_no_table_knows_is_a_warning_and_fails_a_strict_check(
    tmp_path: Path, snapshot: SnapshotAssertion, index_cache
) -> None:
    """libxdo-sys links libxdo, which neither the measured table nor Debian's packaging knows."""
    root = Path(shutil.copytree(DETECTION / "unknown-sys-crate", tmp_path / "unknown-sys-crate"))
    index_cache(root / "index.jsonl")

    generated = rustdock("generate", str(root))
    assert generated.returncode == 0
    assert generated.stderr == snapshot.use_extension(TextSnapshot)
    assert rustdock("check", str(root)).returncode == 0  # the warning is printed, the file is current
    strict = rustdock("check", "--strict", str(root))
    assert strict.returncode == 1 and strict.stderr.startswith(generated.stderr)

    manifest = root / "Cargo.toml"
    manifest.write_text(manifest.read_text() + '\n[package.metadata.rustdock]\nnative-packages = { libxdo-sys = ["libxdo-dev"] }\n')
    answered = rustdock("generate", str(root))
    assert answered.returncode == 0 and answered.stderr == ""
    assert "libxdo-dev" in (root / "Dockerfile").read_text()
    assert rustdock("check", "--strict", str(root)).returncode == 0

"""Shared helpers: scenario trees copied out of tests/fixtures, and trees written from a dict.

They are fixtures, not importable names: tests/e2e has a conftest.py too, so `from conftest
import ...` would reach whichever of the two pytest loaded last.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
# One scenario per folder; adding a folder adds a case to every test that takes `project`.
SCENARIOS = sorted(p.name for p in FIXTURES.iterdir() if (p / "Cargo.toml").is_file())
# Projects with real lockfiles for system-package detection: rendered and linted, never built.
DETECTION = Path(__file__).parent / "detection"
DETECTION_SCENARIOS = sorted(p.name for p in DETECTION.iterdir() if (p / "Cargo.toml").is_file())

FileTree = Callable[[Path, dict[str, str]], Path]
# Cargo's home as the machine has it, before the tests point CARGO_HOME elsewhere: for running
# cargo itself (`cargo tree` as an oracle), whose registry caches live there.
REAL_CARGO_HOME = Path(os.environ.get("CARGO_HOME") or Path.home() / ".cargo")
INDEX_LINES = "index.jsonl"  # a scenario's registry index entries (tests/make_index.py)


def _build_file_tree(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def no_org_config(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The developer's own org config and templates must not leak into any test."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config-home")))
    monkeypatch.delenv("RUSTDOCK_CONFIG", raising=False)
    monkeypatch.delenv("RUSTDOCK_TEMPLATES", raising=False)
    # Nor the machine's registry index cache: without one the plan assumes every feature of every
    # registry crate, the same on every machine. A scenario with index.jsonl brings its own.
    monkeypatch.setenv("CARGO_HOME", str(tmp_path_factory.mktemp("cargo-home")))


@pytest.fixture
def index_cache() -> Callable[[Path], None]:
    """`index_cache(path/to/index.jsonl)` puts those registry index entries into this test's CARGO_HOME."""
    return lambda lines: write_index_cache(Path(os.environ["CARGO_HOME"]), lines)


@pytest.fixture(scope="session")
def real_cargo_home() -> Path:
    """Cargo's home with the machine's registry caches, for running cargo itself."""
    return REAL_CARGO_HOME


@pytest.fixture
def build_file_tree() -> FileTree:
    """`build_file_tree(root, {"Cargo.toml": "...", "src/main.rs": "..."})` writes the files, returns root."""
    return _build_file_tree


@pytest.fixture(params=SCENARIOS)
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A fresh copy of one fixture tree: rustdock and cargo write files, tests/fixtures stays clean."""
    return Path(shutil.copytree(FIXTURES / request.param, tmp_path / request.param))


@pytest.fixture(params=DETECTION_SCENARIOS)
def detection_project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A fresh copy of one tests/detection tree, with its registry index entries in CARGO_HOME."""
    root = Path(shutil.copytree(DETECTION / request.param, tmp_path / request.param))
    if (root / INDEX_LINES).is_file():
        write_index_cache(Path(os.environ["CARGO_HOME"]), root / INDEX_LINES)
    return root


def write_index_cache(cargo_home: Path, lines: Path) -> None:
    """Cargo's registry index cache files (format 3: version byte, index version, revision, then
    version and JSON line pairs, each NUL-ended) for the entries of an index.jsonl."""
    from rustdock.read.registry_index import _index_path

    by_crate: dict[str, list[dict]] = {}
    for line in lines.read_text().splitlines():
        entry = json.loads(line)
        by_crate.setdefault(entry["name"], []).append(entry)
    cache = cargo_home / "registry" / "index" / "fixture-0000000000000000" / ".cache"
    for name, entries in by_crate.items():
        path = cache / _index_path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        body = b"".join(e["vers"].encode() + b"\0" + json.dumps(e).encode() + b"\0" for e in entries)
        path.write_bytes(b"\x03" + (2).to_bytes(4, "little") + b"fixture\0" + body)


@pytest.fixture(params=[f"fixtures/{s}" for s in SCENARIOS] + [f"detection/{s}" for s in DETECTION_SCENARIOS])
def any_project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A fresh copy of any tree rustdock renders: every invariant holds for all of them."""
    source = Path(__file__).parent / request.param
    return Path(shutil.copytree(source, tmp_path / source.name))


def _make_venv(path: Path, *packages: str) -> Path:
    """A venv that sees this one's dependencies (jinja2, typer, ...) but none of its rustdock;
    `packages` (pip install arguments) are installed into it offline. Returns its bin folder."""
    venv.create(path, with_pip=False)
    python = path / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (Path(site) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    if packages:
        subprocess.run([sys.executable, "-m", "pip", "-q", "--python", str(python), "install", "--no-deps",
                        "--no-build-isolation", *packages], check=True, timeout=300)
    return path / "bin"


@pytest.fixture(scope="session")
def acme_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """rustdock with the example org pack installed next to it, as `pipx inject` would."""
    return _make_venv(tmp_path_factory.mktemp("acme") / "venv", "-e", str(ROOT), str(ROOT / "examples/acme-rustdock"))


@pytest.fixture
def make_venv() -> Callable[..., Path]:
    """`make_venv(path, *pip_install_args)`: a venv with this one's dependencies; returns its bin folder."""
    return _make_venv


class DockerfileSnapshot(SingleFileSnapshotExtension):
    """`__snapshots__/<module>/<test>[<case>].Dockerfile`, plain text a reviewer can open."""

    file_extension = "Dockerfile"  # syrupy 7 spells it without the underscore
    _write_mode = WriteMode.TEXT


@pytest.fixture
def snapshot_dockerfile(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(DockerfileSnapshot)


# Property-based tests (tests/test_fuzz.py): a few hundred examples in CI, thousands locally.
hypothesis_settings.register_profile("ci", max_examples=300, deadline=None)
hypothesis_settings.register_profile("long", max_examples=3000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

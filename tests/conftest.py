"""Shared helpers: scenario trees copied out of tests/fixtures, and trees written from a dict.

They are fixtures, not importable names: tests/e2e has a conftest.py too, so `from conftest
import ...` would reach whichever of the two pytest loaded last.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
# One scenario per folder; adding a folder adds a case to every test that takes `project`.
SCENARIOS = sorted(p.name for p in FIXTURES.iterdir() if (p / "Cargo.toml").is_file())

FileTree = Callable[[Path, dict[str, str]], Path]


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


@pytest.fixture
def build_file_tree() -> FileTree:
    """`build_file_tree(root, {"Cargo.toml": "...", "src/main.rs": "..."})` writes the files, returns root."""
    return _build_file_tree


@pytest.fixture(params=SCENARIOS)
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A fresh copy of one fixture tree: rustdock and cargo write files, tests/fixtures stays clean."""
    return Path(shutil.copytree(FIXTURES / request.param, tmp_path / request.param))

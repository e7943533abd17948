"""The example org pack, installed next to rustdock: one config line adopts it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from syrupy.assertion import SnapshotAssertion

EXAMPLE = Path(__file__).parents[2] / "examples" / "rust-app"


def adopt_acme(tmp_path: Path) -> Path:
    project = Path(shutil.copytree(EXAMPLE, tmp_path / "rust-app", ignore=shutil.ignore_patterns("target")))
    manifest = project / "Cargo.toml"
    manifest.write_text(manifest.read_text().replace('runtime = "debian-slim"', 'extends = "acme"\nruntime = "debian-slim"'))
    return project


def test_a_project_adopts_the_installed_pack_with_one_line(
    tmp_path: Path, acme_venv: Path, snapshot_dockerfile: SnapshotAssertion
) -> None:
    project = adopt_acme(tmp_path)
    result = subprocess.run([acme_venv / "rustdock", "generate", str(project)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (project / "Dockerfile").read_text() == snapshot_dockerfile

    plan = json.loads(subprocess.run([acme_venv / "rustdock", "plan", "--json", str(project)],
                                     capture_output=True, text=True, check=True).stdout)
    assert plan["settings"]["user"]["layer"] == "pack acme"
    assert plan["settings"]["runtime"]["layer"] == "project"
    assert plan["template"].endswith("acme_rustdock/templates/Dockerfile.j2")
    assert [d["layer"] for d in plan["template_path"]] == ["pack acme", "built-in"]


def test_template_export_of_a_pack(tmp_path: Path, acme_venv: Path) -> None:
    result = subprocess.run([acme_venv / "rustdock", "template", "export", str(tmp_path / "out"), "--pack", "acme"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "{% block healthcheck %}" in (tmp_path / "out" / "Dockerfile.j2").read_text()

"""examples/rust-app built with the example org pack: the house rules reach the image."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from dockerengine import EXAMPLE, Engine, copy_project, offline


def test_the_example_builds_with_the_org_pack(engine: Engine, tmp_path: Path, acme_venv: Path) -> None:
    project = copy_project(EXAMPLE, tmp_path / "rust-app")
    offline(project)
    manifest = project / "Cargo.toml"
    manifest.write_text(manifest.read_text().replace('runtime = "debian-slim"', 'extends = "acme"\nruntime = "debian-slim"'))
    subprocess.run([acme_venv / "rustdock", "generate", str(project)], check=True, capture_output=True)

    build = engine.build(project, "app", label="example with the acme pack")
    assert engine.run(build.image, "acme") == "app: Hello, acme! #1 (greeting v1)\n"
    assert engine.run(build.image, "-u", entrypoint="id").strip() == "20001"
    [image] = json.loads(engine.docker("image", "inspect", build.image).stdout)
    assert image["Config"]["Labels"]["org.opencontainers.image.vendor"] == "ACME Corp"
    assert image["Config"]["Healthcheck"]["Test"] == ["CMD", "/usr/local/bin/app", "--health"]

"""Several platforms: the builder runs on the build platform and cross-compiles for each target
platform. Only linux/amd64 can be built and run here (no arm64 Rust std or emulator is reachable
offline), so the amd64 image is built through the same cross path the arm64 one takes: the
platform's stage sets the Rust target, cook and build pass `--target`, caches are per platform."""

from __future__ import annotations

from pathlib import Path

import pytest

from rustdock import actions

from dockerengine import EXAMPLE, Engine, copy_project, offline

pytestmark = pytest.mark.every_engine


def test_the_amd64_image_of_a_multi_platform_dockerfile(engine: Engine, tmp_path: Path) -> None:
    project = copy_project(EXAMPLE, tmp_path / "rust-app")
    offline(project)
    manifest = project / "Cargo.toml"
    table = "[workspace.metadata.rustdock]\n"
    manifest.write_text(manifest.read_text().replace(table, table + 'platforms = ["linux/amd64", "linux/arm64"]\n'))
    actions.generate(project)
    text = (project / "Dockerfile").read_text()
    assert "FROM rust-${TARGETOS}-${TARGETARCH} AS chef" in text and "AS rust-linux-arm64" in text

    platform = ("--platform", "linux/amd64")
    build = engine.build(project, "app", label=f"platforms: {engine.name}, linux/amd64", extra=platform)
    assert engine.run(build.image) == "app: Hello, world! #1 (greeting v1)\n"
    builder = engine.build(project, "builder", label=f"platforms: {engine.name}, builder", extra=platform).image
    compiled = engine.run(builder, "-c", "ls /deps/target", entrypoint="sh").split()
    assert "x86_64-unknown-linux-gnu" in compiled  # cook compiled for the platform's target, not the host default

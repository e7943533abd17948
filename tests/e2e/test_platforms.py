"""Several platforms: the builder runs on the build platform and cross-compiles for each target
platform, and each platform's image gets its own architecture's libraries.

On every engine, the amd64 image of the example is built through the cross path the arm64 one
takes: the platform's stage sets the Rust target, cook and build pass `--target`, caches are per
platform. On Docker 26 with the containerd image store (which keeps one tag for several platforms),
one `docker build --platform linux/amd64,linux/arm64` builds a pure-Rust crate and one that links
the system OpenSSL and libpq for both, and each binary runs on its platform: arm64 under qemu. Their builder
is Debian's own Rust with both architectures' standard library (scripts/cross-images.sh): Rust's
own servers, where rustup would fetch an arm64 standard library, are not reachable here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rustdock.commands import actions
from rustdock.format.render import render

from dockerengine import EXAMPLE, Engine, copy_project, offline

CRATES = Path(__file__).parent / "platforms"
BOTH = "linux/amd64,linux/arm64"
ARCH = {"linux/amd64": "x86_64", "linux/arm64": "aarch64"}


@pytest.mark.every_engine
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


@pytest.mark.parametrize("crate", ["plain", "native"])
def test_one_build_for_amd64_and_arm64_and_each_binary_runs(
    containerd_engine: Engine, tmp_path: Path, crate: str
) -> None:
    engine = containerd_engine
    project = copy_project(CRATES / crate, tmp_path / crate)
    actions.generate(project)
    plan = render(project).plan
    assert [p.platform for p in plan.platforms] == BOTH.split(",")

    build = engine.build(project, label=f"platforms: {crate}, amd64 and arm64 in one build", extra=("--platform", BOTH))
    for platform, arch in ARCH.items():
        first, proof = engine.run(build.image, platform=platform).splitlines()
        assert first == f"{crate} 0.1.0"
        assert proof.startswith(f"arch: {arch}, "), proof
        libraries = engine.run(build.image, f"/usr/local/bin/{crate}", entrypoint="ldd", platform=platform)
        assert "not found" not in libraries, libraries
        libpq = engine.run(build.image, "-W", "-f", "${Architecture}", "libpq5", entrypoint="dpkg-query",
                           platform=platform) if crate == "native" else ""
        if crate == "native":
            assert re.search(r", OpenSSL 3\.\d+\.\d+ .*, sha256 [0-9a-f]{8}, libpq 17\.\d+$", proof), proof
            assert libpq == platform.split("/")[1]  # the platform's own libpq5, from its own apt
        else:
            installed = engine.run(build.image, "-W", "-f", "${Package}\n", entrypoint="dpkg-query", platform=platform)
            assert "libpq5" not in installed.split()

"""A second generated tree: one crate, the `scratch` flavor (a static glibc binary and nothing else)."""

from __future__ import annotations

import json
from pathlib import Path

from rustdock.commands import actions

from dockerengine import Engine

MANIFEST = """\
[package]
name = "tiny"
version = "0.1.0"
edition = "2021"
rust-version = "1.95"

[package.metadata.rustdock]
runtime = "scratch"
syntax = false
"""
MAIN = 'fn main() {\n    println!("tiny: {} says hi", std::env::args().count());\n}\n'


def test_the_scratch_flavor_builds_a_static_binary_that_runs(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "Cargo.toml").write_text(MANIFEST)
    (tmp_path / "src/main.rs").write_text(MAIN)
    actions.generate(tmp_path)

    build = engine.build(tmp_path, label="scratch: cold build")
    assert engine.run(build.image, "a", "b") == "tiny: 3 says hi\n"

    [config] = json.loads(engine.docker("image", "inspect", build.image).stdout)
    assert config["Config"]["User"] == "10001:10001"
    assert config["Config"]["Entrypoint"] == ["/usr/local/bin/tiny"]
    # Nothing but the binary and the CA bundle: the image is at most 1 MB larger than the binary.
    builder = engine.build(tmp_path, "builder", label="scratch: builder stage (cached)")
    binary = int(engine.run(builder.image, "-c", "%s", "/out/tiny", entrypoint="stat"))
    assert binary < config["Size"] <= binary + 1024 * 1024, (binary, config["Size"])

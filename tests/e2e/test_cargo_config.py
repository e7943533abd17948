"""A project whose .cargo/config.toml moves the output (build.target-dir, build.target): the
cache mounts, their seeds and the copy of the binary follow it, and the image runs the real
main, not one of cook's dummy crates."""

from __future__ import annotations

from pathlib import Path

from rustdock.commands import actions

from dockerengine import Engine

FILES = {
    "Cargo.toml": '[package]\nname = "moved"\nversion = "0.1.0"\nedition = "2021"\nrust-version = "1.95"\n\n'
                  "[package.metadata.rustdock]\nsyntax = false\n",
    ".cargo/config.toml": '[build]\ntarget-dir = "build-output"\ntarget = "x86_64-unknown-linux-gnu"\n',
    "src/main.rs": 'fn main() {\n    println!("moved: the real main");\n}\n',
}


def test_a_configured_target_dir_builds_the_real_binary(engine: Engine, tmp_path: Path, build_file_tree) -> None:
    root = build_file_tree(tmp_path / "moved", FILES)
    actions.generate(root)
    assert "cp build-output/x86_64-unknown-linux-gnu/release/moved /out/" in (root / "Dockerfile").read_text()
    build = engine.build(root, label="cargo config target-dir: cold build")
    assert engine.run(build.image) == "moved: the real main\n"

"""Build examples/rust-app with a real engine: build, change a line, rebuild, run.

The tests in this module share one copy of the example per engine and run in order, like a
developer's day: first build, source change, CI-like rebuild, a new binary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from rustdock.commands import actions
from rustdock.lint import lint_file

from dockerengine import EXAMPLE, Engine, add_hex, copy_project, offline

# The core of the promise, kept true on the oldest supported engine too: build, change,
# rebuild, run; a CI-like rebuild; the trap shown to fail.
pytestmark = pytest.mark.every_engine

DEPENDENCIES = {"anyhow", "itoa"}
LIBRARY = Path("crates/greeting/src/lib.rs")


def set_edition(project: Path, edition: str) -> None:
    path = project / LIBRARY
    text = path.read_text()
    current = text.split('pub const EDITION: &str = "', 1)[1].split('"', 1)[0]
    path.write_text(text.replace(f'"{current}"', f'"{edition}"'))


@pytest.fixture(scope="module")
def example(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy per engine: each engine's day starts from the example as it is in the repo."""
    project = copy_project(EXAMPLE, tmp_path_factory.mktemp(f"example-{engine.name}") / "rust-app")
    offline(project)
    actions.generate(project)
    return project


def test_every_binary_image_builds_and_runs(engine: Engine, example: Path) -> None:
    app = engine.build(example, "app", label="example: cold build, target app")
    assert engine.run(app.image) == "app: Hello, world! #1 (greeting v1)\n"
    worker = engine.build(example, "worker", label="example: target worker (builder cached)")
    assert engine.run(worker.image, "2").splitlines() == [
        "worker: Hello, job! #1 (greeting v1)",
        "worker: Hello, job! #2 (greeting v1)",
    ]
    default = engine.build(example, label="example: default target")
    assert engine.run(default.image, "docker") == "app: Hello, docker! #1 (greeting v1)\n"


def test_the_default_runtime_runs_as_a_non_root_user(engine: Engine, example: Path) -> None:
    image = engine.build(example, "app", label="example: cached rebuild").image
    assert engine.run(image, "-u", entrypoint="id").strip() == "10001"


def test_a_source_change_shows_up_after_a_rebuild(engine: Engine, example: Path) -> None:
    set_edition(example, "greeting v2")
    build = engine.build(example, "app", label="example: warm rebuild after a library change")
    assert engine.run(build.image) == "app: Hello, world! #1 (greeting v2)\n"
    assert DEPENDENCIES.isdisjoint(build.compiled()), build.log


def test_a_new_dependency_is_the_only_one_compiled(engine: Engine, example: Path) -> None:
    """cook keeps its own target cache: a dependency change compiles that dependency alone."""
    add_hex(example)
    build = engine.build(example, "app", label="example: warm rebuild after adding a dependency")
    assert engine.run(build.image) == "app: Hello, world! #1 (greeting v2)\n"
    assert set(build.compiled()) - {"greeting", "app"} == {"hex"}, build.log


def test_a_ci_like_rebuild_compiles_no_dependency(engine: Engine, example: Path) -> None:
    engine.prune_cache_mounts()
    set_edition(example, "greeting v3")
    build = engine.build(example, "app", label="example: CI-like rebuild (cache mounts pruned)")
    assert engine.run(build.image) == "app: Hello, world! #1 (greeting v3)\n"
    assert "greeting" in build.compiled(), build.log
    assert (DEPENDENCIES | {"hex"}).isdisjoint(build.compiled()), build.log


def test_a_new_binary_is_generated_built_and_run(engine: Engine, example: Path) -> None:
    (example / "crates/app/src/bin/reporter.rs").write_text(
        'fn main() {\n    println!("reporter: {}", greeting::greet("report", 9));\n}\n'
    )
    written = {w.path.name: w.changes for w in actions.generate(example)}
    assert written == {"Dockerfile": ("added binary `reporter`",), "docker-bake.hcl": ("added image `reporter`",)}
    build = engine.build(example, "reporter", label="example: new binary after generate")
    assert engine.run(build.image) == "reporter: Hello, report! #9 (greeting v3)\n"


def test_the_trap_pattern_ships_a_stale_binary(engine: Engine, tmp_path: Path) -> None:
    """The same change with the original report's Dockerfile: the image keeps the old binary."""
    project = copy_project(EXAMPLE, tmp_path / "rust-app")
    (project / ".dockerignore").unlink()  # host target/ enters the context, as in the report
    cargo = shutil.which("cargo") or str(Path.home() / ".cargo/bin/cargo")
    subprocess.run([cargo, "build", "--release", "--locked", "--bin", "app"], cwd=project, check=True,
                   capture_output=True, timeout=600, env=os.environ | {"CARGO_TARGET_DIR": str(project / "target")})
    trap = Path(__file__).with_name("trap.Dockerfile")
    assert "RD001" in {f.rule.id for f in lint_file(trap, context=project)}  # what `rustdock lint` says

    first = engine.build(project, dockerfile=trap, label="trap: first build")
    assert engine.run(first.image) == "app: Hello, world! #1 (greeting v1)\n"
    set_edition(project, "greeting v2")
    second = engine.build(project, dockerfile=trap, label="trap: rebuild after a change")
    assert "Compiling greeting" in second.log  # the build did see the change...
    assert engine.run(second.image) == "app: Hello, world! #1 (greeting v1)\n"  # ...the image did not

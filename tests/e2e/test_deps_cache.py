"""`--build-arg RUSTDOCK_DEPS=cache`: the builder starts from nothing, not from cook's layer.

The local inner loop docker init's pattern is fast at: neither the planner nor cook runs, the
dependencies live in the build RUN's cache mount only, and adding one compiles that one alone.
The same Dockerfile, built without the argument, is what the other end-to-end tests build. The
tests here share one copy of the example per engine and run in order. Their trees never equal
one that test_example.py builds (their own greeting text; the default build before `hex` is
added): the engine's layer cache would answer that module's builds, and it would find nothing
compiled.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rustdock.commands import actions

from dockerengine import EXAMPLE, Build, Engine, add_hex, copy_project, offline

pytestmark = pytest.mark.every_engine

CACHE = ("--build-arg", "RUSTDOCK_DEPS=cache")
LIBRARY = Path("crates/greeting/src/lib.rs")


def stages_run(build: Build) -> set[str]:
    """The stages whose steps BuildKit ran or found cached, from `[stage n/m]` progress lines."""
    return {line.split("[", 1)[1].split()[0] for line in build.log.splitlines() if line.startswith("#") and " [" in line
            and not line.split("[", 1)[1].startswith("internal")}


@pytest.fixture(scope="module")
def example(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(EXAMPLE, tmp_path_factory.mktemp(f"deps-cache-{engine.name}") / "rust-app")
    offline(project)
    actions.generate(project)
    return project


def test_neither_planner_nor_cook_runs(engine: Engine, example: Path) -> None:
    build = engine.build(example, "app", extra=CACHE, label="deps=cache: first build")
    assert engine.run(build.image) == "app: Hello, world! #1 (greeting v1)\n"
    stages = stages_run(build)
    assert {"deps-cache", "builder"} <= stages and stages.isdisjoint({"planner", "cook"}), sorted(stages)


def test_a_source_change_shows_up_and_compiles_no_dependency(engine: Engine, example: Path) -> None:
    library = example / LIBRARY
    library.write_text(library.read_text().replace('"greeting v1"', '"greeting from the cache"'))
    build = engine.build(example, "app", extra=CACHE, label="deps=cache: library change")
    assert engine.run(build.image) == "app: Hello, world! #1 (greeting from the cache)\n"
    assert set(build.compiled()) == {"greeting", "app"}, build.log


def test_the_default_build_of_the_same_tree_is_current(engine: Engine, example: Path) -> None:
    """Switching to the cooked layer (another cache) ships this tree's code, not an older one's."""
    build = engine.build(example, "app", label="deps=layer after deps=cache")
    assert engine.run(build.image) == "app: Hello, world! #1 (greeting from the cache)\n"
    assert {"cook", "builder"} <= stages_run(build) and "deps-cache" not in stages_run(build)


def test_a_new_dependency_is_the_only_one_compiled(engine: Engine, example: Path) -> None:
    add_hex(example)
    build = engine.build(example, "app", extra=CACHE, label="deps=cache: dependency added")
    assert engine.run(build.image) == "app: Hello, world! #1 (greeting from the cache)\n"
    assert set(build.compiled()) == {"hex", "greeting", "app"}, build.log
    assert stages_run(build).isdisjoint({"planner", "cook"}), build.log

"""A CI runner's builder starts empty: all it has is the cache the last run exported.

Docker 26 with the containerd image store (what cache export needs) builds the example and
exports its build cache (mode=max) to an image registry on 127.0.0.1, as the README's CI recipe
does. Then the engine `ci-runner` starts with an empty
data root (it is given only the base images, as a runner pulls them), imports that cache and
builds after a one-line change: no external crate is compiled, and the image prints the change.
Cache mounts are never exported, so this holds only because cook's layer carries the compiled
dependencies.
"""

from __future__ import annotations

import json
import subprocess
import uuid
from pathlib import Path

import pytest

from rustdock.commands import actions
from rustdock.format.render import render

from dockerengine import CI_RUNNER, EXAMPLE, ROOT, Engine, copy_project, offline

DEPENDENCIES = {"anyhow", "itoa"}
APP = Path("crates/app/src/main.rs")


@pytest.fixture
def image_registry(tmp_path: Path):
    """An image registry on 127.0.0.1 for this test alone; its address."""
    script = ROOT / "scripts" / "image-registry.sh"
    started = subprocess.run(["bash", script, "start", tmp_path / "registry"], capture_output=True, text=True,
                             timeout=60)
    assert started.returncode == 0, started.stderr
    yield started.stdout.strip()
    subprocess.run(["bash", script, "stop", tmp_path / "registry"], capture_output=True, timeout=60)


@pytest.fixture
def ci_runner(containerd_engine: Engine):
    """The engine `ci-runner`, started with an empty data root and holding the base images only."""
    engine, name = containerd_engine, CI_RUNNER
    script = ROOT / "scripts" / "engine.sh"
    fresh = subprocess.run(["bash", script, "--fresh", name], capture_output=True, text=True, timeout=600)
    assert fresh.returncode == 0, fresh.stderr[-3000:]
    runner = Engine(name)
    plan = render(EXAMPLE).plan
    copied = subprocess.run(
        ["bash", ROOT / "scripts" / "base-images.sh", "--no-verify", "--docker", str(engine.client),
         "--docker", str(runner.client), "--chef", plan.chef_image, "--runtime", plan.runtime_image],
        capture_output=True, text=True, timeout=900,
    )
    assert copied.returncode == 0, copied.stderr[-3000:]
    usage = [json.loads(line) for line in runner.docker("system", "df", "--format", "{{json .}}").stdout.splitlines()]
    assert [u["Size"] for u in usage if u["Type"] == "Build Cache"] == ["0B"], usage
    yield runner
    subprocess.run(["bash", script, "--stop", name], capture_output=True, timeout=300)


def test_a_fresh_builder_imports_the_cache_and_compiles_no_dependency(
    containerd_engine: Engine, ci_runner: Engine, image_registry: str, tmp_path: Path
) -> None:
    engine = containerd_engine
    project = copy_project(EXAMPLE, tmp_path / "rust-app")
    offline(project)
    actions.generate(project)
    cache = f"type=registry,ref={image_registry}/rustdock-e2e/cache:{uuid.uuid4().hex[:12]}"

    first = engine.build(project, "app", label="remote cache: the last CI run, exporting (mode=max)",
                         extra=("--cache-to", f"{cache},mode=max"))
    assert DEPENDENCIES <= set(first.compiled()), first.log

    main = project / APP
    main.write_text(main.read_text().replace('println!("app: {}"', 'println!("app, changed: {}"'))
    build = ci_runner.build(project, "app", label="remote cache: a fresh builder, imported, one line changed",
                            extra=("--cache-from", cache))
    assert set(build.compiled()) == {"greeting", "app"}, build.log  # the workspace's own crates, nothing else
    assert ci_runner.run(build.image) == "app, changed: Hello, world! #1 (greeting v1)\n"

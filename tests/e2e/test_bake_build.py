"""`docker buildx bake` builds every image of the example in one invocation, and each one runs."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from rustdock.commands import actions

from dockerengine import EXAMPLE, Engine, copy_project, offline


def test_one_bake_builds_every_image(engine: Engine, tmp_path: Path) -> None:
    project = copy_project(EXAMPLE, tmp_path / "rust-app")
    offline(project)
    actions.generate(project)
    tag = uuid.uuid4().hex[:12]
    variables = {"TAG": tag, "IMAGE_PREFIX": "rustdock-e2e/bake-"}
    plan = json.loads(engine.docker("buildx", "bake", "--print", cwd=project, env=variables).stdout)
    assert sorted(plan["group"]["default"]["targets"]) == ["app", "worker"]

    # Only the host network reaches the crate registry here, and bake (buildx 0.13) has no `network`
    # key: the dependencies are cooked first with --network=host. Bake then builds the binaries and
    # every image, which needs no network.
    engine.build(project, "cook", label="bake: dependencies cooked with --network=host")
    engine.docker("buildx", "bake", "--progress=plain", cwd=project, env=variables)
    images = [f"rustdock-e2e/bake-{name}:{tag}" for name in ("app", "worker")]
    engine.tags.extend(images)
    assert engine.run(images[0]) == "app: Hello, world! #1 (greeting v1)\n"
    assert engine.run(images[1], "1") == "worker: Hello, job! #1 (greeting v1)\n"

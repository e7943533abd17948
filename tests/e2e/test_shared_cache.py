"""The target cache is shared by every build of the project on a builder: content, not file
times, must decide what is stale in it.

Two copies of the example, A and B, differ in one line of the binary's source, and B's changed
file is older than the build of A (another worktree, an unpacked archive). Cargo alone judges by
time: B's build would find A's binary fresh and ship it. Built A, B, A on one builder, each image
runs its own code.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rustdock.commands import actions

from dockerengine import EXAMPLE, Engine, copy_project, offline

pytestmark = pytest.mark.every_engine
MAIN = Path("crates/app/src/main.rs")
AN_HOUR_AGO = 3600


def copy_saying(root: Path, word: str, *, older: bool) -> Path:
    project = copy_project(EXAMPLE, root)
    offline(project)
    actions.generate(project)
    main = project / MAIN
    main.write_text(main.read_text().replace('println!("app: {}"', f'println!("app {word}: {{}}"'))
    if older:
        stat = main.stat()
        os.utime(main, (stat.st_atime - AN_HOUR_AGO, stat.st_mtime - AN_HOUR_AGO))
    return project


def test_two_trees_of_one_project_each_get_their_own_binary(engine: Engine, tmp_path: Path) -> None:
    a = copy_saying(tmp_path / "a" / "rust-app", "A", older=False)
    b = copy_saying(tmp_path / "b" / "rust-app", "B", older=True)
    for project, word in ((a, "A"), (b, "B"), (a, "A")):
        build = engine.build(project, "app", label=f"shared cache: tree {word}")
        assert engine.run(build.image) == f"app {word}: Hello, world! #1 (greeting v1)\n", build.log[-2000:]

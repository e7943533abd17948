"""One snapshot per fixture folder: the generated Dockerfile, stored as a real file to read."""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from rustdock.commands import actions


class DockerignoreSnapshot(SingleFileSnapshotExtension):
    file_extension = "dockerignore"
    _write_mode = WriteMode.TEXT


def test_render(project: Path, snapshot_dockerfile: SnapshotAssertion) -> None:
    actions.generate(project)
    assert (project / "Dockerfile").read_text(encoding="utf-8") == snapshot_dockerfile


@pytest.mark.parametrize("project", ["single-bin"], indirect=True)
def test_dockerignore(project: Path, snapshot: SnapshotAssertion) -> None:
    """The .dockerignore block is the same for every project: one snapshot is enough."""
    actions.generate(project)
    text = (project / ".dockerignore").read_text(encoding="utf-8")
    assert text == snapshot.use_extension(DockerignoreSnapshot)

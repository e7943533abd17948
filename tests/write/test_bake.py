"""docker-bake.hcl: written for two or more images (or `bake = true`), tracked like the Dockerfile."""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from rustdock.commands import actions
from rustdock.commands.quick import up_to_date
from rustdock.errors import RustdockError
from rustdock.format.render import render
from rustdock.write.files import State

BAKE = "docker-bake.hcl"


class HclSnapshot(SingleFileSnapshotExtension):
    file_extension = "hcl"
    _write_mode = WriteMode.TEXT


def test_every_fixture_with_two_images_gets_a_bake_file(project: Path, snapshot: SnapshotAssertion) -> None:
    plan = render(project).plan
    actions.generate(project)
    if len(plan.images) < 2:
        assert plan.bake is None and not (project / BAKE).exists()
        return
    text = (project / BAKE).read_text()
    assert text == snapshot.use_extension(HclSnapshot)
    for image in plan.images:  # one target per image, named and built as its stage
        assert f'target "{image.stage}" {{\n  inherits = ["_common"]\n  target   = "{image.stage}"\n' in text


@pytest.mark.parametrize(("setting", "written"), [("bake = true", True), ("bake = false", False)])
def test_the_setting_turns_it_on_or_off(tmp_path: Path, build_file_tree, setting: str, written: bool) -> None:
    root = build_file_tree(tmp_path, {
        "Cargo.toml": f'[package]\nname = "one"\nversion = "0.1.0"\nedition = "2021"\n\n'
                      f'[package.metadata.rustdock]\n{setting}\nplatforms = ["linux/amd64", "linux/arm64"]\n',
        "src/main.rs": "fn main() {}\n", "src/bin/two.rs": "fn main() {}\n",
    })
    actions.generate(root)
    assert (root / BAKE).exists() == written
    if written:
        assert 'platforms  = ["linux/amd64", "linux/arm64"]' in (root / BAKE).read_text()


@pytest.mark.parametrize("project", ["src-bin-multi"], indirect=True)
def test_a_new_binary_makes_it_stale_and_a_hand_edit_is_refused(project: Path) -> None:
    actions.generate(project)
    assert up_to_date(project)
    (project / "src/bin/extra.rs").write_text("fn main() {}\n")
    assert not up_to_date(project)
    stale = {u.path.name: u for u in actions.check(project)}
    assert stale[BAKE].state is State.STALE and stale[BAKE].changes == ("added image `extra`",)
    actions.generate(project)
    assert up_to_date(project)

    with (project / BAKE).open("a") as f:
        f.write('\ntarget "mine" {}\n')
    assert not up_to_date(project)
    with pytest.raises(RustdockError, match=r"docker-bake.hcl was edited by hand; nothing written"):
        actions.generate(project)
    [written] = [w for w in actions.generate(project, force=True) if w.path.name == BAKE]
    assert written.backup is not None and 'target "mine"' in written.backup.read_text()


@pytest.mark.parametrize("project", ["src-bin-multi"], indirect=True)
def test_a_bake_file_rustdock_no_longer_writes_goes(project: Path) -> None:
    actions.generate(project)
    manifest = project / "Cargo.toml"
    manifest.write_text(manifest.read_text() + "\n[package.metadata.rustdock]\nbake = false\n")
    [stale] = [u for u in actions.check(project) if u.path.name == BAKE]
    assert stale.new is None and "+++ /dev/null" in stale.diff()
    actions.generate(project)
    assert not (project / BAKE).exists()

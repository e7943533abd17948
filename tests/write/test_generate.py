"""generate / check / init: regeneration without loss, on trees written by the test."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from rustdock.commands import actions
from rustdock.errors import RustdockError
from rustdock.write.files import State

CRATE = {
    "Cargo.toml": '[package]\nname = "hello"  # the app\nversion = "0.1.0"\nedition = "2021"\n',
    "src/main.rs": "fn main() {}\n",
}


@pytest.fixture
def crate(tmp_path: Path, build_file_tree) -> Path:
    return build_file_tree(tmp_path, CRATE)


def test_generate_writes_both_files_and_check_is_then_clean(crate: Path) -> None:
    written = actions.generate(crate)
    assert {w.path.name for w in written} == {"Dockerfile", ".dockerignore"}
    assert "FROM runtime AS hello" in (crate / "Dockerfile").read_text()
    assert "target/\n" in (crate / ".dockerignore").read_text()
    assert actions.check(crate) == []
    assert actions.generate(crate) == []


def test_a_missing_file_diffs_as_empty(crate: Path) -> None:
    stale = {u.path.name: u for u in actions.check(crate)}
    assert stale["Dockerfile"].state is State.MISSING
    diff = stale["Dockerfile"].diff().splitlines()
    assert diff[:3] == ["--- a/Dockerfile", "+++ b/Dockerfile", diff[2]]
    assert all(line.startswith("+") for line in diff[3:])


def test_new_binary_makes_check_fail_and_generate_add_it(crate: Path, build_file_tree) -> None:
    actions.generate(crate)
    build_file_tree(crate, {"src/bin/worker.rs": "fn main() {}\n"})

    stale = {u.path.name: u for u in actions.check(crate)}
    assert stale["Dockerfile"].state is State.STALE
    assert "+FROM runtime AS worker" in stale["Dockerfile"].diff()
    assert stale["docker-bake.hcl"].state is State.MISSING  # two images now: a bake file too

    written = {w.path.name: w for w in actions.generate(crate)}
    assert written["Dockerfile"].changes == ("added binary `worker`",)
    assert written["Dockerfile"].backup is None
    assert "cargo build --release --bins" in (crate / "Dockerfile").read_text()
    assert actions.check(crate) == []


def test_removed_binary_is_reported(crate: Path, build_file_tree) -> None:
    build_file_tree(crate, {"src/bin/worker.rs": "fn main() {}\n"})
    actions.generate(crate)
    (crate / "src/bin/worker.rs").unlink()
    written = {w.path.name: w.changes for w in actions.generate(crate)}
    assert written == {"Dockerfile": ("removed binary `worker`",),
                       "docker-bake.hcl": ("removed: rustdock no longer writes a bake file here",)}
    assert not (crate / "docker-bake.hcl").exists()

def test_many_binaries_are_counted_not_listed(crate: Path, build_file_tree) -> None:
    tools = {f"src/bin/tool{n:02d}.rs": "fn main() {}\n" for n in range(12)}
    build_file_tree(crate, dict(list(tools.items())[:2]))
    actions.generate(crate)
    build_file_tree(crate, tools)

    written = {w.path.name: w.changes for w in actions.generate(crate)}
    assert written["Dockerfile"] == ("added 10 binaries: `tool02`, `tool03`, `tool04`, `tool05`, `tool06` and 5 more",)
    assert written["docker-bake.hcl"] == ("added 10 images: `tool02`, `tool03`, `tool04`, `tool05`, `tool06` and 5 more",)



def test_a_hand_edited_dockerfile_survives_generate(crate: Path, build_file_tree) -> None:
    actions.generate(crate)
    dockerfile = crate / "Dockerfile"
    edited = dockerfile.read_text().replace("USER 10001:10001", "USER 10001:10001\nEXPOSE 8080")
    dockerfile.write_text(edited)
    (crate / ".dockerignore").unlink()
    build_file_tree(crate, {"src/bin/worker.rs": "fn main() {}\n"})

    with pytest.raises(RustdockError, match="Dockerfile was edited by hand; nothing written"):
        actions.generate(crate)
    assert dockerfile.read_text() == edited
    assert not (crate / ".dockerignore").exists()  # refusals come before any write
    stale = {u.path.name: u for u in actions.check(crate)}
    assert stale["Dockerfile"].state is State.EDITED


def test_force_replaces_an_edited_dockerfile_and_keeps_a_backup(crate: Path) -> None:
    actions.generate(crate)
    dockerfile = crate / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text() + "EXPOSE 8080\n")
    edited = dockerfile.read_text()

    [written] = actions.generate(crate, force=True)
    assert written.backup == crate / "Dockerfile.bak"
    assert written.backup.read_text() == edited
    assert "EXPOSE" not in dockerfile.read_text()
    assert actions.check(crate) == []

    dockerfile.write_text("# mine\n")
    [written] = actions.generate(crate, force=True)
    assert written.backup == crate / "Dockerfile.bak.1"  # an older backup is never overwritten


def test_init_leaves_a_foreign_dockerfile_untouched(crate: Path, build_file_tree) -> None:
    mine = "FROM rust:1\nCOPY . .\nRUN cargo build --release\n"
    build_file_tree(crate, {"Dockerfile": mine})

    result = actions.init(crate)
    assert (crate / "Dockerfile").read_text() == mine
    assert [u.state for u in result.left_alone] == [State.FOREIGN]
    assert [w.path.name for w in result.written] == [".dockerignore"]
    with pytest.raises(RustdockError, match="not written by rustdock"):
        actions.generate(crate)


def test_init_adds_the_config_table_and_keeps_every_other_byte(crate: Path) -> None:
    manifest = crate / "Cargo.toml"
    original = manifest.read_text()

    result = actions.init(crate)
    assert result.config_added == "package.metadata.rustdock"
    text = manifest.read_text()
    assert text.startswith(original)
    table = tomllib.loads(text)["package"]["metadata"]["rustdock"]
    assert table == {}  # nothing the user did not choose: the defaults and org layers keep applying
    assert '# runtime = "debian-slim"  # default' in text  # every key is shown, commented out
    assert "# features = [" in text

    again = actions.init(crate)
    assert again.config_added is None and again.written == []
    assert manifest.read_text() == text


def test_init_writes_workspace_config_in_a_virtual_workspace(tmp_path: Path, build_file_tree) -> None:
    build_file_tree(tmp_path, {
        "Cargo.toml": '[workspace]\nmembers = ["app"]\n',
        "app/Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n',
        "app/src/main.rs": "fn main() {}\n",
    })
    assert actions.init(tmp_path).config_added == "workspace.metadata.rustdock"
    assert "rustdock" in tomllib.loads((tmp_path / "Cargo.toml").read_text())["workspace"]["metadata"]


def test_dockerignore_keeps_the_users_lines(crate: Path) -> None:
    ignore = crate / ".dockerignore"
    ignore.write_text("secrets/\n!target/keep.txt\n")
    actions.generate(crate)
    text = ignore.read_text()
    assert text.endswith("\nsecrets/\n!target/keep.txt\n")  # after ours, so the user's `!` still wins
    assert text.index("target/\n") < text.index("secrets/")

    ignore.write_text(text + "*.log\n")
    assert actions.check(crate) == []
    assert ignore.read_text().endswith("*.log\n")


def test_dockerignore_block_edited_by_hand_is_refused(crate: Path) -> None:
    actions.generate(crate)
    ignore = crate / ".dockerignore"
    ignore.write_text(ignore.read_text().replace("target/\n", ""))
    with pytest.raises(RustdockError, match=r"\.dockerignore was edited by hand"):
        actions.generate(crate)


def test_config_change_makes_the_dockerfile_stale(crate: Path) -> None:
    actions.init(crate)
    manifest = crate / "Cargo.toml"
    manifest.write_text(manifest.read_text().replace('# runtime = "debian-slim"', 'runtime = "scratch"'))
    [stale] = actions.check(crate)
    assert "+FROM scratch AS runtime" in stale.diff()
    [written] = actions.generate(crate)
    assert written.changes == ("updated build settings",)


def test_writes_leave_no_temporary_files(crate: Path) -> None:
    actions.init(crate)
    assert sorted(p.name for p in crate.iterdir()) == [".dockerignore", "Cargo.toml", "Dockerfile", "src"]

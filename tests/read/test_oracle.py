"""rustdock reads Cargo trees the way Cargo does: compared with `cargo metadata --no-deps`.

Cargo is the oracle; no expectation here is written by hand. Every tree lives in tmp_path
(fixture folders are copied there), and cargo runs there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from rustdock.errors import RustdockError
from rustdock.format.render import render
from rustdock.read.cargo import read_project

# (package, bin, src path relative to the workspace root, required-features)
Binary = tuple[str, str, str, tuple[str, ...]]
FileTree = Callable[[Path, dict[str, str]], Path]  # the build_file_tree fixture


@dataclass(frozen=True)
class Discovery:
    binaries: frozenset[Binary]
    members: frozenset[str]
    default_members: frozenset[str]


class Cargo:
    """`cargo metadata --no-deps --format-version 1 --offline`, run in a tree."""

    def __init__(self, executable: str, env: dict[str, str]) -> None:
        self.executable, self.env = executable, env

    def run(self, root: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.executable, "metadata", "--no-deps", "--format-version", "1", "--offline"],
            cwd=root, env=self.env, capture_output=True, text=True, check=False,
        )

    def metadata(self, root: Path) -> dict[str, Any]:
        result = self.run(root)
        assert result.returncode == 0, f"cargo metadata failed in {root}:\n{result.stderr}"
        return json.loads(result.stdout)

    def discovery(self, root: Path) -> Discovery:
        metadata = self.metadata(root)
        workspace_root = metadata["workspace_root"]
        names = {p["id"]: p["name"] for p in metadata["packages"]}
        binaries = frozenset(
            (
                package["name"],
                target["name"],
                relative(target["src_path"], workspace_root),
                tuple(target.get("required-features", ())),
            )
            for package in metadata["packages"]
            for target in package["targets"]
            if "bin" in target["kind"]
        )
        return Discovery(
            binaries,
            frozenset(names[i] for i in metadata["workspace_members"]),
            frozenset(names[i] for i in metadata["workspace_default_members"]),
        )

    def target_dir(self, root: Path) -> str:
        metadata = self.metadata(root)
        return relative(metadata["target_directory"], metadata["workspace_root"])


def relative(path: str, start: str) -> str:
    return PurePosixPath(os.path.relpath(path, start)).as_posix()


@pytest.fixture(scope="session")
def cargo(tmp_path_factory: pytest.TempPathFactory) -> Cargo:
    executable = shutil.which("cargo") or str(Path.home() / ".cargo" / "bin" / "cargo")
    if not Path(executable).is_file():
        pytest.fail("cargo not found on PATH or in ~/.cargo/bin: the oracle tests need it")
    # The docker build does not see the host's environment: only the tree configures cargo.
    env = {k: v for k, v in os.environ.items() if k not in ("CARGO_TARGET_DIR", "CARGO_BUILD_TARGET_DIR")}
    # Some fixtures pin toolchains that are not installed (1.82.0); rustup would try to download
    # them. Discovery does not depend on the toolchain: use the one rustup picks outside any tree.
    rustup = Path(executable).with_name("rustup")
    if rustup.is_file() and "RUSTUP_TOOLCHAIN" not in env:
        active = subprocess.run(
            [str(rustup), "show", "active-toolchain"],
            cwd=tmp_path_factory.getbasetemp(), capture_output=True, text=True, check=True,
        )
        env["RUSTUP_TOOLCHAIN"] = active.stdout.split()[0]
    return Cargo(executable, env)


def rustdock_discovery(root: Path) -> Discovery:
    project = read_project(root)
    return Discovery(
        frozenset((b.package, b.name, b.path, b.required_features) for b in project.binaries),
        frozenset(p.name for p in project.packages),
        frozenset(project.default_members),
    )


def plan_binaries(root: Path) -> frozenset[Binary]:
    """The "binaries" of `rustdock plan --json`, from the CLI in a subprocess."""
    result = subprocess.run(
        [sys.executable, "-m", "rustdock", "plan", "--json", str(root)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    return frozenset(
        (b["package"], b["name"], b["path"], tuple(b["required_features"]))
        for b in json.loads(result.stdout)["binaries"]
    )


# --- Every fixture folder


def test_binaries_match_cargo(project: Path, cargo: Cargo) -> None:
    assert rustdock_discovery(project).binaries == cargo.discovery(project).binaries


def test_members_and_default_members_match_cargo(project: Path, cargo: Cargo) -> None:
    ours, theirs = rustdock_discovery(project), cargo.discovery(project)
    assert (ours.members, ours.default_members) == (theirs.members, theirs.default_members)


def test_plan_json_lists_the_binaries_cargo_sees(project: Path, cargo: Cargo) -> None:
    assert plan_binaries(project) == cargo.discovery(project).binaries


def assert_binaries_come_from_cargos_target_dir(root: Path, cargo: Cargo) -> None:
    """The build RUN mounts the cache over cargo's target dir and copies the binaries out of it."""
    target_dir = cargo.target_dir(root)
    plan = render(root).plan
    assert f"{plan.workdir}/{target_dir}" in [m.target for m in plan.build_mounts]
    assert all(PurePosixPath(image.artifact).is_relative_to(target_dir) for image in plan.images)


def test_binaries_come_from_cargos_target_dir(project: Path, cargo: Cargo) -> None:
    assert_binaries_come_from_cargos_target_dir(project, cargo)


# --- Trees written inline: corners of Cargo's rules that no fixture needs

MAIN = "fn main() {}\n"


def package(name: str, extra: str = "", edition: str = "2021") -> str:
    return f'[package]\nname = "{name}"\nversion = "0.1.0"\nedition = "{edition}"\n{extra}'


def workspace(members: str, extra: str = "") -> str:
    return f'[workspace]\nresolver = "2"\nmembers = {members}\n{extra}'


TRICKY = [
    pytest.param(
        {
            "Cargo.toml": package("app", '[[bin]]\nname = "foo"\n'),
            "src/main.rs": MAIN,
            "src/bin/foo/main.rs": MAIN,
        },
        id="bin-without-path-found-as-src-bin-dir-main",
    ),
    pytest.param(
        {
            "Cargo.toml": package("app", '[[bin]]\nname = "renamed"\npath = "src/bin/orig.rs"\n'),
            "src/main.rs": MAIN,
            "src/bin/orig.rs": MAIN,
        },
        id="bin-path-is-a-discovered-file-under-another-name",
    ),
    pytest.param(
        {
            "Cargo.toml": package("app"),
            "src/main.rs": MAIN,
            "src/bin/.hidden.rs": MAIN,
            "src/bin/.hidden-dir/main.rs": MAIN,
            "src/bin/notes.txt": "not a target\n",
            "src/bin/helpers/mod.rs": "",
            "src/bin/ok.rs": MAIN,
        },
        id="hidden-and-non-rust-entries-in-src-bin",
    ),
    pytest.param(
        {
            "Cargo.toml": workspace('["crates/*"]', 'exclude = ["crates/docs"]\n'),
            "crates/README.md": "A file the glob matches: Cargo skips non-directories.\n",
            "crates/docs/index.md": "A directory without Cargo.toml, excluded.\n",
            "crates/app/Cargo.toml": package("app"),
            "crates/app/src/main.rs": MAIN,
        },
        id="members-glob-over-a-file-and-an-excluded-dir",
    ),
    pytest.param(
        {
            "Cargo.toml": package("old", 'autobins = true\n[[bin]]\nname = "extra"\npath = "x.rs"\n', "2015"),
            "src/main.rs": MAIN,
            "src/bin/more.rs": MAIN,
            "x.rs": MAIN,
        },
        id="edition-2015-bin-with-autobins-true",
    ),
    pytest.param(
        {"Cargo.toml": package("old", '[[bin]]\nname = "server"\n', "2015"), "src/main.rs": MAIN},
        id="edition-2015-bin-without-path-uses-src-main",
    ),
    pytest.param(
        {
            "Cargo.toml": package(
                "app",
                '[dependencies]\nutil = { workspace = true }\n\n[workspace]\n\n'
                '[workspace.dependencies]\nutil = { path = "util" }\n',
            ),
            "src/main.rs": MAIN,
            "util/Cargo.toml": package("util"),
            "util/src/main.rs": MAIN,
        },
        id="inherited-workspace-path-dependency-is-a-member",
    ),
    pytest.param(
        {
            "Cargo.toml": workspace('["crates/*"]'),
            "crates/app/Cargo.toml": package("app"),
            "crates/app/src/main.rs": MAIN,
            "crates/.tooling/Cargo.toml": package("tooling"),
            "crates/.tooling/src/main.rs": MAIN,
        },
        id="members-glob-matches-a-hidden-dir",
    ),
    pytest.param(
        {
            "Cargo.toml": workspace('["crates/app"]', 'exclude = ["crates"]\n'),
            "crates/app/Cargo.toml": package("app"),
            "crates/app/src/main.rs": MAIN,
        },
        id="listed-member-inside-an-excluded-dir",
    ),
]


@pytest.mark.parametrize("files", TRICKY)
def test_tricky_tree_matches_cargo(
    files: dict[str, str], tmp_path: Path, cargo: Cargo, build_file_tree: FileTree
) -> None:
    root = build_file_tree(tmp_path / "tree", files)
    theirs = cargo.discovery(root)
    assert rustdock_discovery(root) == theirs
    assert plan_binaries(root) == theirs.binaries


def test_rustdock_refuses_a_members_glob_cargo_refuses(
    tmp_path: Path, cargo: Cargo, build_file_tree: FileTree
) -> None:
    root = build_file_tree(tmp_path / "tree", {
        "Cargo.toml": workspace('["crates/*"]'),
        "crates/app/Cargo.toml": package("app"),
        "crates/app/src/main.rs": MAIN,
        "crates/notes/todo.md": "A directory without Cargo.toml.\n",
    })
    assert cargo.run(root).returncode != 0
    with pytest.raises(RustdockError):
        read_project(root)


def test_a_configured_target_dir_is_where_binaries_come_from(
    tmp_path: Path, cargo: Cargo, build_file_tree: FileTree
) -> None:
    root = build_file_tree(tmp_path / "tree", {
        "Cargo.toml": package("app"),
        "src/main.rs": MAIN,
        ".cargo/config.toml": '[build]\ntarget-dir = "out"\n',
    })
    assert_binaries_come_from_cargos_target_dir(root, cargo)


# --- cargo itself builds what the plan copies: the flags, the profile dir, the target dir


def test_cargo_builds_exactly_the_selected_binaries_where_the_plan_copies_them(
    project: Path, cargo: Cargo
) -> None:
    """Run `cargo build` with the plan's flags (what cook and build both get) in the tree: every
    artifact the Dockerfile copies exists, and no other binary was built."""
    plan = render(project).plan
    if plan.rustup_targets:
        # A target the host toolchain lacks (musl): rustup cannot fetch it offline. The artifact
        # paths must still carry that triple, where cargo puts cross-compiled output.
        assert all(f"/{plan.rustup_targets[0]}/" in image.artifact for image in plan.images)
        return
    env = cargo.env | {e.name: e.value for e in plan.build_env}
    result = subprocess.run([cargo.executable, "build", "--offline", *plan.cargo_flags], cwd=project,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    artifact_dir = project / PurePosixPath(plan.images[0].artifact).parent
    for image in plan.images:
        assert (project / image.artifact).is_file(), f"{image.artifact} was not built"
    built = {p.name for p in artifact_dir.iterdir() if p.is_file() and os.access(p, os.X_OK) and not p.suffix}
    assert built == {c.name for c in plan.binaries if c.selected}

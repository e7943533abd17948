"""The quick `check`: it may only ever say "up to date" when the full check agrees."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from rustdock.commands import actions
from rustdock.commands.quick import up_to_date
from rustdock.read.cargo import read_project


def add_binary(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = read_project(root).packages[0]
    path = root / package.directory / "src/bin/zz-added.rs"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("fn main() {}\n")


def org_setting(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = root.parent / "org.toml"
    config.write_text('workdir = "/srv/build"\n')
    monkeypatch.setenv("RUSTDOCK_CONFIG", str(config))


def org_template(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = root.parent / "org-templates"
    folder.mkdir()
    (folder / "Dockerfile.j2").write_text('{% extends "rustdock/Dockerfile.j2" %}{% block labels %}LABEL x="y"\n{% endblock %}')
    monkeypatch.setenv("RUSTDOCK_TEMPLATES", str(folder))


def edit_dockerfile(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with (root / "Dockerfile").open("a") as f:
        f.write("EXPOSE 8080\n")


def edit_dockerignore(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = root / ".dockerignore"
    path.write_text(path.read_text().replace("target/\n", ""))


def comment_in_manifest(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with (root / "Cargo.toml").open("a") as f:
        f.write("# a comment changes nothing rustdock writes\n")


MUTATIONS: dict[str, Callable[[Path, pytest.MonkeyPatch], None]] = {
    "add-binary": add_binary,
    "org-setting": org_setting,
    "org-template": org_template,
    "edit-dockerfile": edit_dockerfile,
    "edit-dockerignore": edit_dockerignore,
    "comment-in-manifest": comment_in_manifest,
}


def test_quick_check_agrees_after_generate(project: Path) -> None:
    actions.generate(project)
    assert up_to_date(project)


@pytest.mark.parametrize("mutation", MUTATIONS.values(), ids=MUTATIONS.keys())
@pytest.mark.parametrize("project", ["single-bin", "virtual-workspace-globs", "template-one-block"], indirect=True)
def test_quick_check_never_says_current_when_the_full_check_does_not(
    project: Path, mutation: Callable[[Path, pytest.MonkeyPatch], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    actions.generate(project)
    mutation(project, monkeypatch)
    stale = actions.check(project)
    if up_to_date(project):
        assert not stale
    if mutation is comment_in_manifest:
        assert up_to_date(project)  # no churn: what rustdock does not read changes nothing
    else:
        assert stale or mutation is org_template, "the mutation should have mattered"


def test_the_cli_answers_without_loading_the_cli_framework(tmp_path: Path, build_file_tree) -> None:
    root = build_file_tree(tmp_path, {
        "Cargo.toml": '[package]\nname = "a"\nversion = "0.1.0"\nedition = "2021"\n',
        "src/main.rs": "fn main() {}\n",
    })
    actions.generate(root)
    probe = (
        "import sys; sys.argv = ['rustdock', 'check', sys.argv[1]]; from rustdock.commands.entry import main; main(); "
        "print(sorted(m for m in ('typer', 'jinja2', 'dockerfile') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe, str(root)], capture_output=True, text=True, check=True)
    assert result.stdout == "Up to date.\n[]\n"


# --- What system-package detection reads is an input too: Cargo.lock, .cargo/config.toml, .sqlx/

DETECTION = Path(__file__).parents[1] / "detection"


def remove_sqlx_folder(root: Path) -> None:
    shutil.rmtree(root / ".sqlx")


def vendor_openssl(root: Path) -> None:
    """The manifest turns on openssl's `vendored` feature; the new lockfile gains openssl-src."""
    for name in ("Cargo.toml", "Cargo.lock"):
        shutil.copyfile(DETECTION / "openssl-vendored" / name, root / name)


def link_with_clang(root: Path) -> None:
    (root / ".cargo").mkdir()
    (root / ".cargo/config.toml").write_text('[target.x86_64-unknown-linux-gnu]\nlinker = "clang"\n')


@pytest.mark.parametrize(("scenario", "mutation"), [
    ("sqlx-offline", remove_sqlx_folder),
    ("openssl-system", vendor_openssl),
    ("openssl-system", link_with_clang),
], ids=["sqlx-folder-removed", "openssl-vendored", "linker-configured"])
def test_quick_check_sees_what_detection_reads(scenario: str, mutation: Callable[[Path], None], tmp_path: Path) -> None:
    root = Path(shutil.copytree(DETECTION / scenario, tmp_path / scenario))
    actions.generate(root)
    assert up_to_date(root)
    mutation(root)
    assert not up_to_date(root)
    [stale] = actions.check(root)
    assert stale.changes == ("updated build settings",)

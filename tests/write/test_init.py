"""`rustdock init` under org standards: it sets only what the user chose, so a new crate follows
the org's config and packs, today and when they change later."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest

from rustdock.commands import actions

CRATE = {
    "Cargo.toml": '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n',
    "src/main.rs": "fn main() {}\n",
}


def table(root: Path) -> dict:
    return tomllib.loads((root / "Cargo.toml").read_text())["package"]["metadata"]["rustdock"]


def runtime_base(root: Path) -> str:
    return next(line for line in (root / "Dockerfile").read_text().splitlines() if line.endswith(" AS runtime"))


def org_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    path = tmp_path / "org.toml"
    path.write_text(text)
    monkeypatch.setenv("RUSTDOCK_CONFIG", str(path))
    return path


def user_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    home = tmp_path / "config-home"
    (home / "rustdock").mkdir(parents=True)
    (home / "rustdock/config.toml").write_text(text)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home / "rustdock/config.toml"


def pack_by_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    pack = tmp_path / "platform-pack"
    pack.mkdir()
    (pack / "rustdock.toml").write_text(text)
    org_file(tmp_path, monkeypatch, f'extends = "{pack}"\n')
    return pack / "rustdock.toml"


LAYERS = {"org-file": (org_file, "org config"), "user-config-dir": (user_config_dir, "org config"),
          "pack-by-path": (pack_by_path, "pack platform-pack")}


@pytest.mark.parametrize("layer", LAYERS, ids=LAYERS)
def test_a_new_crate_follows_the_layer_below_it(
    layer: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build_file_tree
) -> None:
    make, name = LAYERS[layer]
    source = make(tmp_path, monkeypatch, 'runtime = "distroless"\n')
    root = build_file_tree(tmp_path / "svc", CRATE)

    actions.init(root)
    assert table(root) == {}  # nothing pinned in the project
    assert f'# runtime = "distroless"  # {name}' in (root / "Cargo.toml").read_text()
    assert runtime_base(root) == "FROM gcr.io/distroless/cc-debian12:nonroot AS runtime"

    # The org changes its standard later: the crate follows at the next generate.
    source.write_text(source.read_text().replace("distroless", "scratch"))
    [stale] = actions.check(root)
    assert "+FROM scratch AS runtime" in stale.diff()
    actions.generate(root)
    assert runtime_base(root) == "FROM scratch AS runtime"


def test_init_sets_what_the_command_line_chose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build_file_tree) -> None:
    org_file(tmp_path, monkeypatch, 'runtime = "distroless"\n')
    root = build_file_tree(tmp_path / "svc", CRATE)
    actions.init(root, {"runtime": "scratch", "expose": ["8080"], "runtime-env": {"RUST_LOG": "info"}})
    assert table(root) == {"runtime": "scratch", "expose": ["8080"], "runtime-env": {"RUST_LOG": "info"}}
    assert actions.check(root) == []  # what init wrote is what generate writes without --set


def test_init_in_a_crate_that_adopts_an_installed_pack_by_name(tmp_path: Path, acme_venv: Path, build_file_tree) -> None:
    """The example pack sets `user`; an org config that names it by entry point is followed."""
    org = tmp_path / "org.toml"
    org.write_text('extends = "acme"\n')
    root = build_file_tree(tmp_path / "svc", CRATE)
    env = {"RUSTDOCK_CONFIG": str(org), "PATH": str(acme_venv), "XDG_CONFIG_HOME": str(tmp_path / "none")}
    result = subprocess.run([acme_venv / "rustdock", "init", str(root)], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert table(root) == {}
    assert '# user = "20001:20001"  # pack acme' in (root / "Cargo.toml").read_text()
    assert "USER 20001:20001" in (root / "Dockerfile").read_text()

"""Org standards: which layer a setting comes from, where templates are found, what is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rustdock.commands import actions
from rustdock.errors import RustdockError
from rustdock.format.render import render

CRATE = {
    "Cargo.toml": '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n',
    "src/main.rs": "fn main() {}\n",
}
EXTENDS_BUILTIN = '{% extends "rustdock/Dockerfile.j2" %}\n'


def with_config(table: str) -> dict[str, str]:
    return CRATE | {"Cargo.toml": CRATE["Cargo.toml"] + "[package.metadata.rustdock]\n" + table}


def label_template(value: str) -> str:
    return EXTENDS_BUILTIN + f'{{% block labels %}}\nLABEL layer="{value}"\n{{% endblock %}}\n'


@pytest.fixture
def org(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An org config file and templates folder, named by the environment variables."""
    folder = tmp_path / "org"
    (folder / "templates").mkdir(parents=True)
    monkeypatch.setenv("RUSTDOCK_CONFIG", str(folder / "config.toml"))
    monkeypatch.setenv("RUSTDOCK_TEMPLATES", str(folder / "templates"))
    (folder / "config.toml").write_text('runtime = "scratch"\nprofile = "dist"\n')
    return folder


def test_each_setting_comes_from_the_highest_layer_that_sets_it(tmp_path: Path, org: Path, build_file_tree) -> None:
    root = build_file_tree(tmp_path / "svc", with_config('extends = "./platform"\nprofile = "release"\n') | {
        "platform/rustdock.toml": 'user = "30001:30001"\nruntime = "alpine"\nworkdir = "/src"\n',
    })
    settings = render(root, {"workdir": "/build"}).settings
    origin = {key: settings.origin(key).name for key in ("runtime", "profile", "user", "workdir", "syntax")}
    assert origin == {
        "runtime": "org",  # org beats the pack
        "profile": "project",  # project beats org
        "user": "pack platform",  # the pack beats the defaults
        "workdir": "command line",  # --set beats everything
        "syntax": "defaults",
    }
    assert settings.config.runtime == "scratch" and settings.config.workdir == "/build"
    assert settings.origin("runtime").source == str(org / "config.toml")


def test_plan_json_shows_layers_and_template_lookup(tmp_path: Path, org: Path, build_file_tree, monkeypatch) -> None:
    from typer.testing import CliRunner

    from rustdock.commands.cli import app

    root = build_file_tree(tmp_path / "svc", CRATE)
    (org / "templates" / "Dockerfile.j2").write_text(label_template("org"))
    result = CliRunner().invoke(app, ["plan", "--json", str(root), "--set", "syntax=false"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["settings"]["runtime"] == {"value": "scratch", "layer": "org", "source": str(org / "config.toml")}
    assert plan["settings"]["syntax"]["layer"] == "command line"
    assert plan["template"] == str(org / "templates" / "Dockerfile.j2")
    assert [d["layer"] for d in plan["template_path"]] == ["org (RUSTDOCK_TEMPLATES)", "built-in"]


def test_template_lookup_order(tmp_path: Path, org: Path, build_file_tree, monkeypatch) -> None:
    """project > RUSTDOCK_TEMPLATES > user config dir > pack > built-in; remove one, the next wins."""
    (org / "config.toml").write_text("")
    user_dir = Path(__import__("os").environ["XDG_CONFIG_HOME"]) / "rustdock" / "templates"
    root = build_file_tree(tmp_path / "svc", with_config('extends = "./pack"\ntemplates = "docker"\n') | {
        "docker/Dockerfile.j2": label_template("project"),
        "pack/templates/Dockerfile.j2": label_template("pack"),
    })
    build_file_tree(org, {"templates/Dockerfile.j2": label_template("org-env")})
    build_file_tree(user_dir, {"Dockerfile.j2": label_template("org-user")})

    seen = []
    for remove in [root / "docker/Dockerfile.j2", org / "templates/Dockerfile.j2", user_dir / "Dockerfile.j2",
                   root / "pack/templates/Dockerfile.j2", None]:
        body = render(root).dockerfile
        seen.append(body.split('LABEL layer="')[1].split('"')[0] if 'LABEL layer="' in body else "built-in")
        if remove:
            remove.unlink()
    assert seen == ["project", "org-env", "org-user", "pack", "built-in"]


@pytest.mark.parametrize(
    "template, message",
    [
        pytest.param(EXTENDS_BUILTIN + "{% block labels %}\n{% if %}\n{% endblock %}\n",
                     r"template .*docker/Dockerfile.j2:3: Expected an expression", id="syntax-error"),
        pytest.param(EXTENDS_BUILTIN + "{% block labels %}\nLABEL a={{ plan.nope }}\n{% endblock %}\n",
                     r"template .*docker/Dockerfile.j2:3: .*has no attribute 'nope'", id="undefined-value"),
        pytest.param('{% extends "rustdock/Dockerfil.j2" %}\n', r"template 'rustdock/Dockerfil.j2' not found",
                     id="missing-parent"),
    ],
)
def test_a_broken_template_names_its_file_and_line_and_writes_nothing(
    tmp_path: Path, build_file_tree, template: str, message: str
) -> None:
    root = build_file_tree(tmp_path / "svc", with_config('templates = "docker"\n') | {"docker/Dockerfile.j2": template})
    with pytest.raises(RustdockError, match=message):
        actions.generate(root)
    assert not (root / "Dockerfile").exists() and not (root / ".dockerignore").exists()


BAD_LAYERS = {
    "unknown-key-in-org-config": ("org", 'runtimes = "scratch"\n', r"org config .*config.toml: unknown key 'runtimes'"),
    "unknown-key-in-pack": ("pack", 'flavour = "x"\n', r"pack pack \(.*rustdock.toml\): unknown key 'flavour'"),
    "templates-outside-the-project": ("org", 'templates = "x"\n', r"org config .*: 'templates' can only be set in Cargo.toml"),
    "pack-extends-a-pack": ("pack", 'extends = "other"\n', r"a pack cannot extend another"),
}


@pytest.mark.parametrize("where, text, message", BAD_LAYERS.values(), ids=BAD_LAYERS.keys())
def test_bad_settings_in_any_layer_name_the_layer_and_file(
    tmp_path: Path, org: Path, build_file_tree, where: str, text: str, message: str
) -> None:
    root = build_file_tree(tmp_path / "svc", with_config('extends = "./pack"\n') | {"pack/rustdock.toml": ""})
    (org / "config.toml" if where == "org" else root / "pack/rustdock.toml").write_text(text)
    with pytest.raises(RustdockError, match=message):
        render(root)


def test_unknown_pack_and_missing_folders_are_clear_errors(tmp_path: Path, build_file_tree, monkeypatch) -> None:
    root = build_file_tree(tmp_path / "svc", with_config('extends = "no-such-pack"\n'))
    with pytest.raises(RustdockError, match=r"extends = 'no-such-pack': no installed template pack of that name"):
        render(root)
    root = build_file_tree(tmp_path / "svc2", with_config('templates = "nope"\n'))
    with pytest.raises(RustdockError, match=r"templates: .*nope is not a directory"):
        render(root)
    monkeypatch.setenv("RUSTDOCK_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(RustdockError, match=r"RUSTDOCK_CONFIG=.*missing.toml: no such file"):
        render(root)


def test_set_values_are_validated_like_any_layer(tmp_path: Path, build_file_tree) -> None:
    root = build_file_tree(tmp_path / "svc", CRATE)
    with pytest.raises(RustdockError, match=r"--set: user: 'root\\nRUN id' is not a valid"):
        render(root, {"user": "root\nRUN id"})


def test_template_export_writes_a_starting_point_and_never_overwrites(tmp_path: Path) -> None:
    written = actions.export_templates(tmp_path / "mine")
    assert [p.name for p in written] == ["Dockerfile.j2", "docker-bake.hcl.j2"]
    text = written[0].read_text()
    assert "{# Keep:" in text and "{% block relocation %}" in text
    with pytest.raises(RustdockError, match="exists; export into an empty folder"):
        actions.export_templates(tmp_path / "mine")

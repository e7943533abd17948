"""The top-level templates/ folder loads the same way from a wheel, `pip install .` and `pip install -e .`."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PROBE = "import rustdock.render as r; print(r.builtin_templates()); r.environment(r.template_path()).get_template('Dockerfile.j2')"


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "-q", *args], check=True, timeout=300)


def fresh_venv(path: Path) -> Path:
    """A venv that sees this one's packages (jinja2, typer, ...) but not its rustdock."""
    venv.create(path, with_pip=False)
    python = path / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    dependencies = Path(sysconfig.get_paths()["purelib"])
    (Path(site) / "dependencies.pth").write_text(f"{dependencies}\n")
    return python


def templates_seen_by(python: Path, cwd: Path) -> Path:
    result = subprocess.run([python, "-c", PROBE], cwd=cwd, capture_output=True, text=True, timeout=60,
                            env={"PATH": "/usr/bin:/bin", "PYTHONNOUSERSITE": "1"})
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip())


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT))
    [built] = out.glob("rustdock-*.whl")
    return built


def test_the_wheel_ships_the_templates(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "rustdock/templates/Dockerfile.j2" in names
    assert not any(name.startswith("templates/") for name in names)


@pytest.mark.parametrize("mode", ["wheel", "editable"])
def test_installed_package_loads_the_templates(tmp_path: Path, wheel: Path, mode: str) -> None:
    python = fresh_venv(tmp_path / "venv")
    install = [str(wheel)] if mode == "wheel" else ["-e", str(ROOT)]
    subprocess.run([sys.executable, "-m", "pip", "-q", "--python", str(python), "install", "--no-deps",
                    "--no-build-isolation", *install], check=True, timeout=300)
    seen = templates_seen_by(python, cwd=tmp_path)
    if mode == "editable":
        assert seen == ROOT / "templates"  # edits to templates/ show up without reinstalling
    else:
        assert seen.is_relative_to(tmp_path / "venv") and (seen / "Dockerfile.j2").is_file()

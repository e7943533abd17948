"""The top-level templates/ folder loads the same way from a wheel (what `pip install .` builds
and installs) and from `pip install -e .`."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PROBE = (
    "from rustdock.format.render import environment; "
    "from rustdock.settings.layers import TemplateDir, builtin_templates; print(builtin_templates()); "
    "environment((TemplateDir('built-in', builtin_templates()),)).get_template('Dockerfile.j2')"
)


def templates_seen_by(bin_dir: Path, cwd: Path) -> Path:
    result = subprocess.run([bin_dir / "python", "-c", PROBE], cwd=cwd, capture_output=True, text=True, timeout=60,
                            env={"PATH": "/usr/bin:/bin", "PYTHONNOUSERSITE": "1"})
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip())


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "-q", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out),
                    str(ROOT)], check=True, timeout=300)
    [built] = out.glob("rustdock-*.whl")
    return built


def test_the_wheel_ships_the_templates_and_every_module(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "rustdock/templates/Dockerfile.j2" in names
    assert not any(name.startswith("templates/") for name in names)
    sources = {p.relative_to(ROOT / "src").as_posix() for p in (ROOT / "src/rustdock").rglob("*.py")}
    assert sources <= set(names)


@pytest.mark.parametrize("mode", ["wheel", "editable"])
def test_installed_package_loads_the_templates(tmp_path: Path, wheel: Path, mode: str, make_venv) -> None:
    install = [str(wheel)] if mode == "wheel" else ["-e", str(ROOT)]
    bin_dir = make_venv(tmp_path / "venv", *install)
    seen = templates_seen_by(bin_dir, cwd=tmp_path)
    if mode == "editable":
        assert seen == ROOT / "templates"  # edits to templates/ show up without reinstalling
    else:
        assert seen.is_relative_to(tmp_path / "venv") and (seen / "Dockerfile.j2").is_file()

"""Drive a real BuildKit engine from the end-to-end tests."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent
EXAMPLE = ROOT / "examples" / "rust-app"
# The engines, main one first (scripts/engines.txt); scripts/engine.sh puts each one's client,
# bound to that engine's socket, at CLIENTS/<name>/docker.
ROWS = [line.split() for line in (ROOT / "scripts" / "engines.txt").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")]
ENGINES = [row[0] for row in ROWS if "only-when-asked" not in row[5].split(",")]  # every_engine's set
# Docker 26 with the containerd image store: multi-platform images, cache export and import.
CONTAINERD = "docker-26-containerd"
CI_RUNNER = "ci-runner"  # started with an empty data root by the test that needs it
assert {CONTAINERD, CI_RUNNER} <= {row[0] for row in ROWS}, "scripts/engines.txt names the engines above"
CLIENTS = Path("/opt/rustdock/engines")
TIMINGS: list[tuple[str, str, float]] = []  # engine, what was built, seconds
VERSIONS: dict[str, str] = {}  # engine: its server's version, for the summary of build times


@dataclass
class Build:
    log: str
    seconds: float
    image: str
    returncode: int = 0

    def compiled(self) -> list[str]:
        """The crates cargo compiled in this build, from `Compiling <name> v<version>` lines."""
        return re.findall(r"Compiling ([A-Za-z0-9_-]+) v", self.log)


@dataclass
class Engine:
    name: str
    tags: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    last: float = 0.0  # when the last build or run ended

    @property
    def client(self) -> Path:
        """This engine's docker client: its socket, BuildKit on, buildx's docker driver where buildx is."""
        return CLIENTS / self.name / "docker"

    def docker(self, *args: str, timeout: int = 900, check: bool = True, cwd: Path | None = None,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([self.client, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd,
                                env=None if env is None else os.environ | env)
        if check and result.returncode != 0:
            raise AssertionError(f"docker {' '.join(args)} failed:\n{result.stdout}\n{result.stderr[-6000:]}")
        return result

    def build(self, context: Path, target: str | None = None, *, label: str, check: bool = True,
              dockerfile: Path | None = None, extra: tuple[str, ...] = ()) -> Build:
        """`docker build` (with `extra` arguments: `--secret ...`, `--no-cache`), tagged for clean-up."""
        tag = f"rustdock-e2e/{(target or 'default').lower()}:{uuid.uuid4().hex[:12]}"
        args = ["build", "--network=host", "--progress=plain", "-t", tag, *extra]
        if target:
            args += ["--target", target]
        if dockerfile:
            args += ["-f", str(dockerfile)]
        if self.name not in VERSIONS:  # asked now: an engine a test starts itself is gone by the summary
            VERSIONS[self.name] = self.docker("version", "--format", "{{.Server.Version}}").stdout.strip()
        start = time.monotonic()
        result = self.docker(*args, str(context), check=check)
        self.last = time.monotonic()
        seconds = self.last - start
        self.tags.append(tag)
        TIMINGS.append((self.name, label, seconds))
        return Build(log=result.stdout + result.stderr, seconds=seconds, image=tag, returncode=result.returncode)

    def run(self, image: str, *args: str, entrypoint: str | None = None, platform: str | None = None) -> str:
        extra = ["--entrypoint", entrypoint] if entrypoint else []
        extra += ["--platform", platform] if platform else []
        output = self.docker("run", "--rm", "--network=none", *extra, image, *args, timeout=300).stdout
        self.last = time.monotonic()
        return output

    def prune_cache_mounts(self) -> None:
        """What a fresh CI builder sees: layer cache imported, cache mounts empty."""
        # Both clients' `builder prune` (buildx's on the modern engine) must take the filter,
        # or a CI-like rebuild would silently run on warm cache mounts. With the containerd image
        # store, a mount seeded from a stage an image still holds is "shared": only --all prunes it.
        self.docker("builder", "prune", "--all", "--force", "--filter", "type=exec.cachemount")
        usage = self.docker("system", "df", "-v").stdout
        assert "exec.cachemount" not in usage, usage


def copy_project(source: Path, destination: Path) -> Path:
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns("target"))
    return destination


def add_hex(example: Path) -> None:
    """Add the crate `hex` to the example's library, use it, and lock it (host cargo, with the registry)."""
    manifest = example / "crates/greeting/Cargo.toml"
    manifest.write_text(manifest.read_text() + 'hex = "0.4"\n')
    library = example / "crates/greeting/src/lib.rs"
    library.write_text(library.read_text().replace(
        "pub fn greet(", "/// The greeting, hex-encoded.\npub fn greet_hex(name: &str) -> String {\n"
        "    hex::encode(greet(name, 1))\n}\n\npub fn greet(",
    ))
    cargo = shutil.which("cargo") or str(Path.home() / ".cargo/bin/cargo")
    subprocess.run([cargo, "fetch"], cwd=example, check=True, capture_output=True, timeout=300)  # lockfile += hex


def offline(project: Path) -> None:
    """No `# syntax` line: pulling the Dockerfile frontend needs an image registry, which is absent here."""
    manifest = project / "Cargo.toml"
    text = manifest.read_text()
    assert "# syntax = true" in text, "expected init's commented-out syntax key"
    manifest.write_text(text.replace("# syntax = true", "syntax = false"))

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

# The Docker engine of Debian's docker.io; the `docker` earlier on PATH may be a client
# without BuildKit support (scripts/engine.sh explains).
DOCKER = os.environ.get("RUSTDOCK_DOCKER", "/usr/bin/docker")
EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "rust-app"
TIMINGS: list[tuple[str, float]] = []


@dataclass
class Build:
    log: str
    seconds: float
    image: str

    def compiled(self) -> list[str]:
        """The crates cargo compiled in this build, from `Compiling <name> v<version>` lines."""
        return re.findall(r"Compiling ([A-Za-z0-9_-]+) v", self.log)


@dataclass
class Engine:
    tags: list[str] = field(default_factory=list)

    def docker(self, *args: str, timeout: int = 900, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = os.environ | {"DOCKER_BUILDKIT": "1"}
        result = subprocess.run([DOCKER, *args], capture_output=True, text=True, timeout=timeout, env=env)
        if check and result.returncode != 0:
            raise AssertionError(f"docker {' '.join(args)} failed:\n{result.stdout}\n{result.stderr[-6000:]}")
        return result

    def build(self, context: Path, target: str | None = None, *, label: str, check: bool = True,
              dockerfile: Path | None = None) -> Build:
        tag = f"rustdock-e2e/{(target or 'default').lower()}:{uuid.uuid4().hex[:12]}"
        args = ["build", "--network=host", "--progress=plain", "-t", tag]
        if target:
            args += ["--target", target]
        if dockerfile:
            args += ["-f", str(dockerfile)]
        start = time.monotonic()
        result = self.docker(*args, str(context), check=check)
        seconds = time.monotonic() - start
        self.tags.append(tag)
        TIMINGS.append((label, seconds))
        return Build(log=result.stdout + result.stderr, seconds=seconds, image=tag)

    def run(self, image: str, *args: str, entrypoint: str | None = None) -> str:
        extra = ["--entrypoint", entrypoint] if entrypoint else []
        return self.docker("run", "--rm", "--network=none", *extra, image, *args, timeout=120).stdout

    def prune_cache_mounts(self) -> None:
        """What a fresh CI builder sees: layer cache imported, cache mounts empty."""
        self.docker("builder", "prune", "-f", "--filter", "type=exec.cachemount")


def copy_project(source: Path, destination: Path) -> Path:
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns("target"))
    return destination


def offline(project: Path) -> None:
    """No `# syntax` line: pulling the Dockerfile frontend needs an image registry, which is absent here."""
    manifest = project / "Cargo.toml"
    text = manifest.read_text()
    assert "# syntax = true" in text, "expected init's commented-out syntax key"
    manifest.write_text(text.replace("# syntax = true", "syntax = false"))

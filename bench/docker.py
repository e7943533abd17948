"""Drive the benchmark's Docker engine and read BuildKit's plain progress output."""

from __future__ import annotations

import json
import re
import subprocess
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

STEP = re.compile(r"^#(\d+) (.*)$")
DONE = re.compile(r"^DONE (\d+(?:\.\d+)?)s$")
COMPILING = re.compile(r"Compiling ([A-Za-z0-9_-]+) v(\d[^ ]*)")
# Stored logs name no registry host: BuildKit spells image references with theirs.
HOSTS = ((re.compile(r"\bdocker\.io/(library/)?"), ""), (re.compile(r"\bcrates\.io\b"), "crates-registry"))
# A cached step whose layer comes from an imported cache: BuildKit reads the blob, then unpacks it.
LAYER_READ = re.compile(r"^(?:extracting )?sha256:[0-9a-f]{64}\b.* (\d+(?:\.\d+)?)s done$")
FINISHED = re.compile(r"Finished `[^`]+` profile .* in (?:(\d+)m )?(\d+(?:\.\d+)?)s")


def without_hosts(text: str) -> str:
    for pattern, replacement in HOSTS:
        text = pattern.sub(replacement, text)
    return text


@dataclass
class Step:
    """One BuildKit vertex: `[builder 2/3] RUN ...`, `exporting to image`, ..."""

    name: str
    status: str = "running"  # done, cached, error
    seconds: float = 0.0
    compiled: list[str] = field(default_factory=list)  # `name version` of crates cargo compiled
    cargo_seconds: float | None = None  # cargo's own `Finished ... in Xs`
    layer_read_seconds: float = 0.0  # reading and unpacking imported layers (not in `seconds`)


@dataclass
class BuildLog:
    steps: list[Step]

    @classmethod
    def parse(cls, text: str) -> BuildLog:
        steps: dict[int, Step] = {}
        for line in text.splitlines():
            match = STEP.match(line)
            if not match:
                continue
            number, rest = int(match.group(1)), match.group(2)
            if number not in steps:
                steps[number] = Step(name=rest)
                continue
            step = steps[number]
            if rest == "CACHED":
                step.status = "cached"
            elif done := DONE.match(rest):
                step.status, step.seconds = "done", float(done.group(1))
            elif rest.startswith("ERROR"):
                step.status = "error"
            elif compiling := COMPILING.search(rest):
                step.compiled.append(f"{compiling.group(1)} {compiling.group(2)}")
            elif finished := FINISHED.search(rest):
                step.cargo_seconds = int(finished.group(1) or 0) * 60 + float(finished.group(2))
            elif read := LAYER_READ.match(rest):
                step.layer_read_seconds += float(read.group(1))
        return cls(steps=[steps[n] for n in sorted(steps)])

    def compiled(self) -> list[str]:
        return [crate for step in self.steps for crate in step.compiled]

    def layer_read_seconds(self) -> float:
        """Seconds spent reading and unpacking imported cache layers, outside every step's own time."""
        return round(sum(s.layer_read_seconds for s in self.steps if s.status == "cached"), 2)

    def timed_steps(self, at_least: float = 0.1) -> list[dict[str, Any]]:
        """Steps that took time, for the analysis: context transfer, cook, build, export."""
        return [
            {k: v for k, v in asdict(s).items() if k != "compiled"} | {"compiled": len(s.compiled)}
            for s in self.steps
            if s.status in ("done", "error") and s.seconds >= at_least
        ]


@dataclass
class Build:
    ok: bool
    seconds: float
    log: str
    image: str

    @property
    def parsed(self) -> BuildLog:
        return BuildLog.parse(self.log)

    def error(self) -> str:
        """BuildKit's one-line reason for a failed build."""
        lines = [l for l in self.log.splitlines() if "failed to" in l or l.startswith("error:")]
        return (lines[-1] if lines else self.log.strip().splitlines()[-1])[-300:]


@dataclass(frozen=True)
class CacheRecord:
    """One record of BuildKit's build cache, as `docker system df -v` counts it."""

    type: str  # regular (a layer), exec.cachemount, source.local (a build context), internal, frontend
    description: str  # `mount /app/target from exec ...` names a cache mount
    size: int  # bytes
    shared: bool  # its data is shared with another record (a parent layer, a seeded mount)


class Engine:
    """The benchmark's own engine, through its client (scripts/engine.sh writes it; bench/run.sh starts it)."""

    def __init__(self, name: str, client: Path) -> None:
        self.name = name
        self.client = client

    def docker(self, *args: str, timeout: int = 1800, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([str(self.client), *args], capture_output=True, text=True, timeout=timeout,
                                check=False)
        if check and result.returncode != 0:
            raise RuntimeError(f"docker {' '.join(args[:3])} failed: {result.stderr.strip()[-2000:]}")
        return result

    def build(self, context: Path, tag: str, cache_from: Path | None = None, cache_to: Path | None = None) -> Build:
        """`docker build`; with a cache to import or export, `docker buildx build` with local caches
        (the docker driver exports only with the containerd image store)."""
        args = ["build", "--network=host", "--progress=plain", "-t", tag]
        if cache_from or cache_to:
            args = ["buildx", *args, "--load"]
        if cache_from:
            args.append(f"--cache-from=type=local,src={cache_from}")
        if cache_to:
            args.append(f"--cache-to=type=local,dest={cache_to},mode=max")
        args.append(str(context))
        start = time.monotonic()
        result = self.docker(*args, check=False)
        seconds = time.monotonic() - start
        return Build(result.returncode == 0, seconds, without_hosts(result.stdout + result.stderr), tag)

    def run(self, image: str) -> tuple[bool, str]:
        result = self.docker("run", "--rm", "--network=none", image, timeout=120, check=False)
        return result.returncode == 0, (result.stdout + result.stderr).strip()

    def image_size(self, image: str) -> int:
        return int(self.docker("image", "inspect", "-f", "{{.Size}}", image).stdout.strip())

    def has_image(self, image: str) -> bool:
        return self.docker("image", "inspect", image, check=False).returncode == 0

    def prune_all(self) -> None:
        """All build cache gone: layers, cache mounts, context snapshots."""
        self.docker("builder", "prune", "-af")

    def prune_cache_mounts(self) -> None:
        """What a fresh CI builder sees: layer cache kept (imported), cache mounts empty."""
        self.docker("builder", "prune", "-f", "--filter", "type=exec.cachemount")
        if any(r.type == "exec.cachemount" for r in self.build_cache()):
            raise RuntimeError("`docker builder prune --filter type=exec.cachemount` left cache mounts")

    def remove_dangling(self) -> None:
        self.docker("image", "prune", "-f", check=False)

    def build_cache(self) -> list[CacheRecord]:
        """Every build cache record, from `docker system df -v` (one JSON object a line)."""
        lines = self.docker("system", "df", "-v", "--format", "{{json .BuildCache}}").stdout.strip()
        return [
            CacheRecord(r["CacheType"], r.get("Description", ""), parse_size(r["Size"]), r.get("Shared") == "true")
            for r in json.loads(lines or "[]")
        ]

    def version(self) -> str:
        server = self.docker("version", "--format", "{{.Server.Version}}").stdout.strip()
        buildx = self.docker("buildx", "version", check=False)
        return server + (f", buildx {buildx.stdout.split()[1]}" if buildx.returncode == 0 else "")


SIZE = re.compile(r"^(\d+(?:\.\d+)?)\s*([kMGT]?B)$")
UNITS = {"B": 1, "kB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12}


def parse_size(text: str) -> int:
    """`1.2GB` (docker's decimal units) in bytes."""
    match = SIZE.match(text.strip())
    if not match:
        raise ValueError(f"not a docker size: {text!r}")
    return round(float(match.group(1)) * UNITS[match.group(2)])

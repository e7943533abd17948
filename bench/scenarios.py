"""Build one app with one pattern through every scenario, and the host lower bound."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench.apps import App, WorkCopy
from bench.docker import Engine
from bench.patterns import FULL_REBUILDS, RUSTDOCK, base_images, write_dockerfile


@dataclass(frozen=True)
class Settings:
    cold_reps: int
    reps: int  # repetitions of each warm scenario
    dep_reps: int  # dependencies added one after another (at most len(DEPENDENCIES))
    ci_reps: int  # repetitions of the CI-like scenario
    work: Path  # work copies (outside the repository)
    results: Path  # bench/results/ENGINE
    full_rebuilds: int | None = None  # overrides App.full_rebuilds when set (see there)
    remote_reps: int = 0  # repetitions of "CI, remote cache" (after a seed build); 0: not measured


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


Change = Callable[[WorkCopy], None]


def changes(settings: Settings, locks: list[str]) -> Iterator[tuple[str, int, str | None, Change]]:
    """Each scenario's build: yield (scenario, rep, what to prune first: all, mounts or None, change).

    `change(copy)` makes the scenario's source change in one work copy; a caller that skips a build
    skips its change too.
    """
    for rep in range(1, settings.cold_reps + 1):
        yield "cold", rep, "all", lambda copy: None
    for rep in range(1, settings.reps + 1):
        yield "noop", rep, None, lambda copy: None  # nothing changed: the engine's floor for a rebuild
    for rep in range(1, settings.reps + 1):
        yield "warm-leaf", rep, None, lambda copy, rep=rep: copy.change_leaf(f"leaf{rep}")
        yield "warm-lib", rep, None, lambda copy, rep=rep: copy.change_lib(f"lib{rep}")
    # Before the CI-like builds: adding a dependency is measured on a warm local builder.
    for rep in range(1, settings.dep_reps + 1):
        yield "add-dep", rep, None, lambda copy, rep=rep: copy.add_dependency(locks[rep - 1])
    for rep in range(1, settings.ci_reps + 1):
        yield "ci-leaf", rep, "mounts", lambda copy, rep=rep: copy.change_leaf(f"ci{rep}")


def rebuild_cap(app: App, settings: Settings) -> int | None:
    """How often a build that compiles every dependency runs per scenario (see App.full_rebuilds)."""
    return settings.full_rebuilds if settings.full_rebuilds is not None else app.full_rebuilds


def skip(app: App, pattern: str, scenario: str, done: int, settings: Settings) -> str | None:
    """Why this repetition is not built (`done` builds of the scenario so far), or None."""
    cap = rebuild_cap(app, settings)
    if cap is None:
        return None
    if scenario == "cold" and done >= max(cap, 1):
        return f"cold, built {done}x already"
    if (pattern, scenario) in FULL_REBUILDS and done >= cap:
        return f"{FULL_REBUILDS[pattern, scenario]}; built {done}x already"
    return None


def cache_usage(engine: Engine) -> dict[str, Any]:
    """The build cache's disk use by record type; cache mounts one by one, named by their target."""
    records = engine.build_cache()
    by_type: dict[str, int] = {}
    for r in records:
        by_type[r.type] = by_type.get(r.type, 0) + r.size
    mounts = {}
    for r in records:
        if r.type == "exec.cachemount":
            # `cached mount /app/target from exec /bin/sh -c cargo build ...`
            words = r.description.split()
            target = words[2] if len(words) > 2 and words[:2] == ["cached", "mount"] else r.description[:60]
            step = "cook" if "cargo chef cook" in r.description else "build" if "cargo build" in r.description else "other"
            key = f"{target} ({step})"
            mounts[key] = mounts.get(key, 0) + r.size
    return {"total": sum(by_type.values()), "by_type": by_type, "mounts": mounts, "records": len(records)}


@dataclass
class PatternRun:
    """One pattern's builds of one app, on the pattern's own engine, one scenario step at a time."""

    engine: Engine
    app: App
    pattern: str
    copy: WorkCopy
    dockerfile: Path  # the generated Dockerfile as saved with the results
    logs: Path
    builds: list[dict[str, Any]] = field(default_factory=list)
    usage: dict[str, Any] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    remote: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(cls, engine: Engine, app: App, pattern: str, settings: Settings) -> PatternRun:
        copy = WorkCopy.create(app, settings.work / app.name / pattern)
        saved = settings.results / "dockerfiles" / app.name / f"{pattern}.Dockerfile"
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(write_dockerfile(pattern, app, copy.root))
        logs = settings.results / "logs" / app.name / pattern
        logs.mkdir(parents=True, exist_ok=True)
        return cls(engine, app, pattern, copy, saved, logs)

    @property
    def tag(self) -> str:
        return f"rustdock-bench/{self.app.name}:{self.pattern}"

    def step(self, scenario: str, rep: int, prune: str | None, change: Change, settings: Settings) -> None:
        """Build one repetition of a scenario (or say why not), and check what the image prints."""
        if scenario == "ci-leaf" and "warm" not in self.usage:
            # a local builder after the rebuilds, before pruning; also where the CI-like builds are skipped
            self.usage["warm"] = cache_usage(self.engine)
        done = sum(b["scenario"] == scenario for b in self.builds)
        why = skip(self.app, self.pattern, scenario, done, settings)
        if why:
            self.skipped[scenario] = why
            say(f"  {self.app.name:9} {self.pattern:20} {scenario:9} #{rep}  skipped: {why}")
            return
        change(self.copy)
        if prune == "all":
            self.engine.docker("rmi", "-f", self.tag, check=False)  # a failed build must not leave an image to run
            self.engine.prune_all()
        elif prune == "mounts":
            self.engine.prune_cache_mounts()
        self.build(scenario, rep)
        if scenario == "cold" and "cold" not in self.usage:
            self.usage["cold"] = cache_usage(self.engine)  # what one build of everything leaves

    def build(self, scenario: str, rep: int, cache_from: Path | None = None, cache_to: Path | None = None,
              engine: Engine | None = None) -> dict[str, Any]:
        engine = engine or self.engine
        load = os.getloadavg()[0]
        build = engine.build(self.copy.root, self.tag, cache_from=cache_from, cache_to=cache_to)
        log_file = self.logs / f"{len(self.builds) + 1:02d}-{scenario}-{rep}.log"
        log_file.write_text(build.log)
        compiled = build.parsed.compiled()
        record: dict[str, Any] = {
            "scenario": scenario,
            "rep": rep,
            "seconds": round(build.seconds, 2),
            "built": build.ok,
            "correct": False,
            "expected": self.copy.expected(),
            "load1_before": round(load, 2),
            "load1_after": round(os.getloadavg()[0], 2),
            "compiled": compiled,
            "compiled_external": [c for c in compiled if c.split()[0] not in self.app.members],
            "steps": build.parsed.timed_steps(),
            "layer_read_seconds": build.parsed.layer_read_seconds(),
            "log": str(log_file.relative_to(log_file.parents[3])),
        }
        if build.ok:
            ran, output = engine.run(self.tag)
            record["output"] = output[:400]
            record["correct"] = ran and all(marker in output for marker in self.copy.expected())
        else:
            record["error"] = build.error()
        self.builds.append(record)
        verdict = "correct" if record["correct"] else ("WRONG OUTPUT" if build.ok else "BUILD FAILED")
        say(f"  {self.app.name:9} {self.pattern:20} {scenario:9} #{rep}  {build.seconds:6.1f}s  {verdict}"
            f"  ({len(record['compiled_external'])} deps compiled, load {load:.1f})")
        return record

    def result(self) -> dict[str, Any]:
        self.usage["end"] = cache_usage(self.engine)
        local = [b for b in self.builds if not b["scenario"].startswith("ci-remote")]
        size = self.engine.image_size(self.tag) if local and local[-1]["built"] else None
        self.engine.remove_dangling()
        saved = self.dockerfile.relative_to(self.dockerfile.parents[2])  # dockerfiles/APP/PATTERN.Dockerfile
        return {"builds": self.builds, "image_size": size, "dockerfile": str(saved), "cache_usage": self.usage,
                "skipped": self.skipped, "remote": self.remote}


def run_patterns(engines: dict[str, Engine], app: App, locks: list[str], settings: Settings) -> dict[str, PatternRun]:
    """Every pattern through every scenario, interleaved: each repetition of a scenario builds every
    pattern in turn (the first one rotating), each on its own engine, so that the machine's drift
    lands on all of them alike and a prune empties one pattern's build cache only."""
    runs = {pattern: PatternRun.create(engine, app, pattern, settings) for pattern, engine in engines.items()}
    order = list(runs)
    for number, (scenario, rep, prune, change) in enumerate(changes(settings, locks)):
        for pattern in order[number % len(order):] + order[: number % len(order)]:
            runs[pattern].step(scenario, rep, prune, change, settings)
    return runs


def run_remote(engine: Engine, runs: dict[str, PatternRun], settings: Settings, cache_root: Path) -> None:
    """Scenario "CI, remote cache": each build runs on an empty builder (`docker builder prune -af`),
    imports the cache the previous build exported (`--cache-from type=local`), makes one line's change
    and exports its own cache (`--cache-to type=local,mode=max`), as a CI job with a cache backend does.
    A seed build (a cold build that exports) comes first. Patterns interleave on one engine; the
    prune before every build keeps them apart."""
    order = list(runs)
    previous: dict[str, Path | None] = {}
    for pattern in order:
        run = runs[pattern]
        directory = cache_root / run.app.name / pattern
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        engine.prune_all()
        engine.docker("rmi", "-f", run.tag, check=False)
        seed = run.build("ci-remote-seed", 1, cache_to=directory / "0", engine=engine)
        previous[pattern] = directory / "0" if seed["built"] else None
        run.remote = {"seed_seconds": seed["seconds"], "cache_bytes": []}
    for rep in range(1, settings.remote_reps + 1):
        for pattern in order[rep % len(order):] + order[: rep % len(order)]:
            run = runs[pattern]
            done = sum(b["scenario"] == "ci-remote" for b in run.builds)
            why = skip(run.app, pattern, "ci-remote", done, settings)
            if why or previous[pattern] is None:
                run.skipped["ci-remote"] = why or "the seed build failed"
                say(f"  {run.app.name:9} {pattern:20} ci-remote #{rep}  skipped: {run.skipped['ci-remote']}")
                continue
            run.copy.change_leaf(f"remote{rep}")
            engine.prune_all()
            engine.docker("rmi", "-f", run.tag, check=False)
            exported = previous[pattern].parent / str(rep)
            record = run.build("ci-remote", rep, cache_from=previous[pattern], cache_to=exported, engine=engine)
            record["cache_bytes"] = directory_bytes(previous[pattern])  # what this build imported
            if record["built"]:
                shutil.rmtree(previous[pattern])
                previous[pattern] = exported
    for pattern, path in previous.items():
        if path is not None:
            runs[pattern].remote["cache_bytes_last"] = directory_bytes(path)
    base = base_cache_bytes(engine, [r.dockerfile.read_text() for r in runs.values()], cache_root / "base")
    for run in runs.values():
        run.remote["base_images_bytes"] = base
    engine.prune_all()


def base_cache_bytes(engine: Engine, dockerfiles: list[str], work: Path) -> int:
    """What the base images alone add to an exported cache: mode=max exports their layers too."""
    shutil.rmtree(work, ignore_errors=True)
    (work / "context").mkdir(parents=True)
    images = base_images(dockerfiles)
    (work / "context" / "Dockerfile").write_text(
        "".join(f"FROM {image} AS base{i}\nRUN true\n" for i, image in enumerate(images))
        + "FROM scratch\n" + "".join(f"COPY --from=base{i} /etc/os-release /{i}\n" for i in range(len(images))))
    engine.prune_all()
    build = engine.build(work / "context", "rustdock-bench/base-images", cache_to=work / "cache")
    if not build.ok:
        raise RuntimeError(f"exporting the base images' cache failed: {build.error()}")
    return directory_bytes(work / "cache")


def directory_bytes(path: Path) -> int:
    """Bytes of the files under `path` (an exported cache: an OCI layout of blobs)."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def cargo_flags(root: Path) -> list[str]:
    plan = subprocess.run([str(RUSTDOCK), "plan", "--json", "."], cwd=root, capture_output=True,
                          text=True, check=True)
    return json.loads(plan.stdout)["cargo_flags"]


def run_host(app: App, locks: list[str], settings: Settings) -> dict[str, Any]:
    """The lower bound: host `cargo build` with rustdock's flags and a warm target dir."""
    copy = WorkCopy.create(app, settings.work / app.name / "host")
    flags = cargo_flags(copy.root)
    binary = copy.root / "target" / "release" / app.binary
    builds = []
    cap = rebuild_cap(app, settings)
    cold_reps = settings.cold_reps if cap is None else min(settings.cold_reps, max(cap, 1))
    host = dataclasses.replace(settings, cold_reps=cold_reps, ci_reps=0)
    for scenario, rep, prune, change in changes(host, locks):
        change(copy)
        if prune == "all":
            shutil.rmtree(copy.root / "target", ignore_errors=True)
        load = os.getloadavg()[0]
        start = time.monotonic()
        result = subprocess.run(["cargo", "build", *flags], cwd=copy.root, capture_output=True, text=True,
                                env=os.environ | {"CARGO_TARGET_DIR": str(copy.root / "target")}, check=False)
        seconds = time.monotonic() - start
        output = subprocess.run([binary], capture_output=True, text=True, check=False).stdout if result.returncode == 0 else ""
        correct = result.returncode == 0 and all(m in output for m in copy.expected())
        builds.append({"scenario": scenario, "rep": rep, "seconds": round(seconds, 2), "correct": correct,
                       "load1_before": round(load, 2)})
        say(f"  {app.name:9} {'host':20} {scenario:9} #{rep}  {seconds:6.1f}s  {'correct' if correct else 'WRONG'}")
    return {"cargo_flags": flags, "builds": builds,
            "note": "host registry already downloaded, so `cold` is compile time only"}

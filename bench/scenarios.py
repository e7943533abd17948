"""Build one app with one pattern through every scenario, and the host lower bound."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.apps import App, WorkCopy
from bench.docker import Engine
from bench.patterns import RUSTDOCK, write_dockerfile


@dataclass(frozen=True)
class Settings:
    cold_reps: int
    reps: int  # repetitions of each warm scenario
    dep_reps: int  # dependencies added one after another (at most len(DEPENDENCIES))
    ci_reps: int  # repetitions of the CI-like scenario
    work: Path  # work copies (outside the repository)
    results: Path  # bench/results


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def changes(copy: WorkCopy, settings: Settings, locks: list[str]):
    """Make each scenario's change; yield (scenario, rep, what to prune first: all, mounts or None)."""
    for rep in range(1, settings.cold_reps + 1):
        yield "cold", rep, "all"
    for rep in range(1, settings.reps + 1):
        yield "noop", rep, None  # nothing changed: the engine's floor for a rebuild
    for rep in range(1, settings.reps + 1):
        copy.change_leaf(f"leaf{rep}")
        yield "warm-leaf", rep, None
        copy.change_lib(f"lib{rep}")
        yield "warm-lib", rep, None
    # Before the CI-like builds: adding a dependency is measured on a warm local builder.
    for rep in range(1, settings.dep_reps + 1):
        copy.add_dependency(locks[rep - 1])
        yield "add-dep", rep, None
    for rep in range(1, settings.ci_reps + 1):
        copy.change_leaf(f"ci{rep}")
        yield "ci-leaf", rep, "mounts"


def run_pattern(engine: Engine, app: App, pattern: str, locks: list[str], settings: Settings) -> dict[str, Any]:
    copy = WorkCopy.create(app, settings.work / app.name / pattern)
    dockerfile = write_dockerfile(pattern, app, copy.root)
    saved = settings.results / "dockerfiles" / app.name / f"{pattern}.Dockerfile"
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text(dockerfile)
    logs = settings.results / "logs" / app.name / pattern
    logs.mkdir(parents=True, exist_ok=True)
    tag = f"rustdock-bench/{app.name}:{pattern}"
    builds = []
    for number, (scenario, rep, prune) in enumerate(changes(copy, settings, locks), start=1):
        if prune == "all":
            engine.docker("rmi", "-f", tag, check=False)  # a failed build must not leave an image to run
            engine.prune_all()
        elif prune == "mounts":
            engine.prune_cache_mounts()
        load = os.getloadavg()[0]
        build = engine.build(copy.root, tag)
        log_file = logs / f"{number:02d}-{scenario}-{rep}.log"
        log_file.write_text(build.log)
        parsed = build.parsed
        compiled = parsed.compiled()
        record: dict[str, Any] = {
            "scenario": scenario,
            "rep": rep,
            "seconds": round(build.seconds, 2),
            "built": build.ok,
            "correct": False,
            "expected": copy.expected(),
            "load1_before": round(load, 2),
            "compiled": compiled,
            "compiled_external": [c for c in compiled if c.split()[0] not in app.members],
            "steps": parsed.timed_steps(),
            "log": str(log_file.relative_to(settings.results)),
        }
        if build.ok:
            ran, output = engine.run(tag)
            record["output"] = output[:400]
            record["correct"] = ran and all(marker in output for marker in copy.expected())
        else:
            record["error"] = build.error()
        builds.append(record)
        verdict = "correct" if record["correct"] else ("WRONG OUTPUT" if build.ok else "BUILD FAILED")
        say(f"  {app.name:9} {pattern:20} {scenario:9} #{rep}  {build.seconds:6.1f}s  {verdict}"
            f"  ({len(record['compiled_external'])} deps compiled, load {load:.1f})")
    size = engine.image_size(tag) if builds[-1]["built"] else None
    engine.remove_dangling()
    return {"builds": builds, "image_size": size, "dockerfile": str(saved.relative_to(settings.results))}


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
    host = dataclasses.replace(settings, ci_reps=0)
    for scenario, rep, prune in changes(copy, host, locks):
        if prune == "all":
            shutil.rmtree(copy.root / "target", ignore_errors=True)
        start = time.monotonic()
        result = subprocess.run(["cargo", "build", *flags], cwd=copy.root, capture_output=True, text=True,
                                env=os.environ | {"CARGO_TARGET_DIR": str(copy.root / "target")}, check=False)
        seconds = time.monotonic() - start
        output = subprocess.run([binary], capture_output=True, text=True, check=False).stdout if result.returncode == 0 else ""
        correct = result.returncode == 0 and all(m in output for m in copy.expected())
        builds.append({"scenario": scenario, "rep": rep, "seconds": round(seconds, 2), "correct": correct})
        say(f"  {app.name:9} {'host':20} {scenario:9} #{rep}  {seconds:6.1f}s  {'correct' if correct else 'WRONG'}")
    return {"cargo_flags": flags, "builds": builds,
            "note": "host registry already downloaded, so `cold` is compile time only"}

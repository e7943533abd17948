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
from bench.patterns import FULL_REBUILDS, RUSTDOCK, write_dockerfile


@dataclass(frozen=True)
class Settings:
    cold_reps: int
    reps: int  # repetitions of each warm scenario
    dep_reps: int  # dependencies added one after another (at most len(DEPENDENCIES))
    ci_reps: int  # repetitions of the CI-like scenario
    work: Path  # work copies (outside the repository)
    results: Path  # bench/results/ENGINE
    full_rebuilds: int | None = None  # overrides App.full_rebuilds when set (see there)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def changes(copy: WorkCopy, settings: Settings, locks: list[str]):
    """Each scenario's build: yield (scenario, rep, what to prune first: all, mounts or None, change).

    `change()` makes the scenario's source change; a caller that skips a build skips its change too.
    """
    for rep in range(1, settings.cold_reps + 1):
        yield "cold", rep, "all", lambda: None
    for rep in range(1, settings.reps + 1):
        yield "noop", rep, None, lambda: None  # nothing changed: the engine's floor for a rebuild
    for rep in range(1, settings.reps + 1):
        yield "warm-leaf", rep, None, lambda rep=rep: copy.change_leaf(f"leaf{rep}")
        yield "warm-lib", rep, None, lambda rep=rep: copy.change_lib(f"lib{rep}")
    # Before the CI-like builds: adding a dependency is measured on a warm local builder.
    for rep in range(1, settings.dep_reps + 1):
        yield "add-dep", rep, None, lambda rep=rep: copy.add_dependency(locks[rep - 1])
    for rep in range(1, settings.ci_reps + 1):
        yield "ci-leaf", rep, "mounts", lambda rep=rep: copy.change_leaf(f"ci{rep}")


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


def run_pattern(engine: Engine, app: App, pattern: str, locks: list[str], settings: Settings) -> dict[str, Any]:
    copy = WorkCopy.create(app, settings.work / app.name / pattern)
    dockerfile = write_dockerfile(pattern, app, copy.root)
    saved = settings.results / "dockerfiles" / app.name / f"{pattern}.Dockerfile"
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text(dockerfile)
    logs = settings.results / "logs" / app.name / pattern
    logs.mkdir(parents=True, exist_ok=True)
    tag = f"rustdock-bench/{app.name}:{pattern}"
    builds: list[dict[str, Any]] = []
    usage: dict[str, Any] = {}
    number = 0
    skipped: dict[str, str] = {}
    for scenario, rep, prune, change in changes(copy, settings, locks):
        why = skip(app, pattern, scenario, sum(b["scenario"] == scenario for b in builds), settings)
        if why:
            skipped[scenario] = why
            say(f"  {app.name:9} {pattern:20} {scenario:9} #{rep}  skipped: {why}")
            continue
        if scenario == "ci-leaf" and "warm" not in usage:
            usage["warm"] = cache_usage(engine)  # a local builder after the rebuilds, before pruning
        change()
        number += 1
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
            "load1_after": round(os.getloadavg()[0], 2),
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
        if scenario == "cold" and "cold" not in usage:
            usage["cold"] = cache_usage(engine)  # what one build of everything leaves
        verdict = "correct" if record["correct"] else ("WRONG OUTPUT" if build.ok else "BUILD FAILED")
        say(f"  {app.name:9} {pattern:20} {scenario:9} #{rep}  {build.seconds:6.1f}s  {verdict}"
            f"  ({len(record['compiled_external'])} deps compiled, load {load:.1f})")
    usage["end"] = cache_usage(engine)
    size = engine.image_size(tag) if builds[-1]["built"] else None
    engine.remove_dangling()
    return {"builds": builds, "image_size": size, "dockerfile": str(saved.relative_to(settings.results)),
            "cache_usage": usage, "skipped": skipped}


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
    for scenario, rep, prune, change in changes(copy, host, locks):
        change()
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

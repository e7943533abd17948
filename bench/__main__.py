"""`python -m bench`: run the benchmark (or one part of it) and write bench/results/."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import genspeed, report
from bench.apps import APPS, DEPENDENCIES, WorkCopy, dependency_locks, lock_crates
from bench.docker import Engine
from bench.patterns import PATTERNS, base_images, write_dockerfile
from bench.scenarios import Settings, run_host, run_pattern, say

RESULTS = Path(__file__).resolve().parent / "results"


def images() -> None:
    """Print `runtime IMAGE` / `chef IMAGE` for every image the benchmarked Dockerfiles start FROM."""
    with tempfile.TemporaryDirectory() as scratch:
        texts = []
        for app in APPS.values():
            for pattern in PATTERNS:
                copy = WorkCopy.create(app, Path(scratch) / app.name / pattern)
                texts.append(write_dockerfile(pattern, app, copy.root))
    for image in base_images(texts):
        runtime = any(f"FROM {image} AS {s}" in t for t in texts for s in ("runtime", "final"))
        print("runtime" if runtime else "chef", image)


def machine(engine: Engine) -> dict[str, str]:
    memory = next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory": f"{int(memory.split()[1]) / 1024 / 1024:.1f} GiB",
        "kernel": platform.release(),
        "docker": engine.version(),
        "docker_host": engine.host,
        "rustc_host": rustc,
    }


def run(args: argparse.Namespace) -> None:
    engine = Engine()
    settings = Settings(args.cold_reps, args.reps, args.dep_reps, args.ci_reps, Path(args.work), RESULTS)
    started = time.monotonic()
    reps = {"cold": args.cold_reps, "warm-leaf": args.reps, "warm-lib": args.reps, "add-dep": args.dep_reps,
            "ci-leaf": args.ci_reps}
    results = {"machine": machine(engine), "reps": reps, "apps": {}}
    for stale in ("logs", "dockerfiles"):  # from an earlier run
        shutil.rmtree(RESULTS / stale, ignore_errors=True)
    say(f"bench: engine {engine.host} (docker {results['machine']['docker']}), work dir {settings.work}")
    for name in args.apps:
        app = APPS[name]
        locks = dependency_locks(app, settings.work / "lock" / app.name, args.dep_reps)
        entry = results["apps"][name] = {
            "lock_crates": lock_crates(app),
            "members": app.members,
            "binary": app.binary,
            "leaf_change": app.leaf_what,
            "lib_change": app.lib_what,
            "added_dependencies": [d.name for d in DEPENDENCIES[: args.dep_reps]],
            "patterns": {},
        }
        for pattern in args.patterns:
            entry["patterns"][pattern] = run_pattern(engine, app, pattern, locks, settings)
            write(results)
        entry["host"] = run_host(app, locks, settings)
        write(results)
    if not args.skip_genspeed:
        say("bench: generator speed")
        results["genspeed"] = genspeed.measure(settings.work / "genspeed", {40: args.gen_reps, 1000: args.gen_reps})
    results["total_seconds"] = round(time.monotonic() - started)
    if not args.keep_cache:
        engine.prune_all()
    write(results)
    say(f"bench: done in {results['total_seconds'] / 60:.1f} min; see {RESULTS / 'results.md'}")


def write(results: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    report.write(results, RESULTS)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("images", help="list the base images the benchmarked Dockerfiles need")
    sub.add_parser("report", help="rewrite results.md and chart.png from results.json")
    runner = sub.add_parser("run", help="run the benchmark (the default)")
    runner.add_argument("--cold-reps", type=int, default=2, help="repetitions of the cold build")
    runner.add_argument("--reps", type=int, default=3, help="repetitions of each warm scenario")
    runner.add_argument("--dep-reps", type=int, default=len(DEPENDENCIES), choices=range(1, len(DEPENDENCIES) + 1),
                        help="dependencies added, one build each")
    runner.add_argument("--ci-reps", type=int, default=2, help="repetitions of the CI-like scenario")
    runner.add_argument("--gen-reps", type=int, default=7, help="repetitions of each generator timing")
    runner.add_argument("--apps", nargs="+", default=list(APPS), choices=list(APPS))
    runner.add_argument("--patterns", nargs="+", default=list(PATTERNS), choices=list(PATTERNS))
    runner.add_argument("--skip-genspeed", action="store_true")
    runner.add_argument("--keep-cache", action="store_true", help="do not prune the build cache at the end")
    runner.add_argument("--work", default=os.environ.get("RUSTDOCK_BENCH_WORK", "/var/tmp/rustdock-bench"),
                        help="where the work copies go (outside the repository)")
    args = parser.parse_args(sys.argv[1:] or ["run"])
    if args.command == "images":
        images()
    elif args.command == "report":
        write(json.loads((RESULTS / "results.json").read_text()))
    else:
        run(args)


if __name__ == "__main__":
    main()

"""`python -m bench`: run the benchmark (or one part of it) and write bench/results/ENGINE/."""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import compare, genspeed, report
from bench.apps import ADDED, APPS, App, WorkCopy, added_dependencies, dependency_locks, lock_crates
from bench.docker import Engine
from bench.goals import evaluate_service
from bench.patterns import PATTERNS, VARIANTS, base_images, write_dockerfile
from bench.scenarios import Settings, rebuild_cap, run_host, run_patterns, run_remote, say

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


def machine_cpu() -> dict[str, str]:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    return {"nproc": str(os.cpu_count()), "cpu": cpu}


def machine(engine: Engine) -> dict[str, str]:
    memory = next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))
    cpu = machine_cpu()["cpu"]
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory": f"{int(memory.split()[1]) / 1024 / 1024:.1f} GiB",
        "kernel": platform.release(),
        "engine": engine.name,
        "docker": engine.version(),
        "rustc_host": rustc,
    }


def host_key(app: App, settings: Settings) -> str:
    """What the host bound depends on: the app's files, the toolchain, the scenarios' repetitions, the CPU."""
    digest = hashlib.sha256()
    for file in sorted(f for f in app.source.rglob("*") if f.is_file() and "target" not in f.parts):
        digest.update(str(file.relative_to(app.source)).encode() + b"\0" + file.read_bytes())
    rustc = subprocess.run(["rustc", "-vV"], capture_output=True, text=True, check=False).stdout
    cpu = machine_cpu()
    digest.update(f"{rustc}{settings.cold_reps}/{settings.reps}/{settings.dep_reps}{cpu}".encode())
    return digest.hexdigest()[:16]


def host_bound(app: App, locks: list[str], settings: Settings, remeasure: bool) -> dict:
    """The host bound is the same for every engine: measured once per app version, kept in host.json."""
    file = RESULTS / "host.json"
    kept = json.loads(file.read_text()) if file.exists() else {}
    key = host_key(app, settings)
    if not remeasure and kept.get(app.name, {}).get("key") == key:
        say(f"  {app.name:9} host: measured {kept[app.name]['date']}, kept (--remeasure-host to measure again)")
        return kept[app.name]
    started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    kept[app.name] = run_host(app, locks, settings) | {"key": key, "date": started}
    file.write_text(json.dumps(kept, indent=1) + "\n")
    return kept[app.name]


def run(args: argparse.Namespace) -> None:
    if len(args.docker) < len(args.patterns):
        raise SystemExit(f"bench: {len(args.patterns)} patterns need as many engines (--docker), "
                         f"got {len(args.docker)}")
    engines = {p: Engine(args.engine, Path(c)) for p, c in zip(args.patterns, args.docker, strict=False)}
    remote = Engine(args.engine, Path(args.ci_docker)) if args.ci_docker and args.remote_reps else None
    first = engines[args.patterns[0]]
    out = RESULTS / first.name
    settings = Settings(args.cold_reps, args.reps, args.dep_reps, args.ci_reps, Path(args.work) / first.name, out,
                        args.full_rebuilds, args.remote_reps if remote else 0)
    started = time.monotonic()
    reps = {"cold": args.cold_reps, "noop": args.reps, "warm-leaf": args.reps, "warm-lib": args.reps,
            "add-dep": args.dep_reps, "ci-leaf": args.ci_reps, "ci-remote": settings.remote_reps}
    results = {"machine": machine(first), "reps": reps, "apps": {}, "load_start": os.getloadavg(),
               "interleaved": True, "command": os.environ.get("BENCH_COMMAND")}
    for stale in ("logs", "dockerfiles"):  # from an earlier run
        shutil.rmtree(out / stale, ignore_errors=True)
    say(f"bench: engine {first.name} (docker {results['machine']['docker']}), one per pattern: "
        + ", ".join(f"{p} {e.client}" for p, e in engines.items())
        + (f"; remote cache on {remote.client}" if remote else "") + f"; work dir {settings.work}")
    for name in args.apps:
        app = APPS[name]
        locks = dependency_locks(app, settings.work / "lock" / app.name, args.dep_reps)
        entry = results["apps"][name] = {
            "about": app.about,
            "lock_crates": lock_crates(app),
            "members": app.members,
            "binary": app.binary,
            "leaf_change": app.leaf_what,
            "lib_change": app.lib_what,
            "added_dependencies": [d.name for d in added_dependencies(app)[: args.dep_reps]],
            "service": app.service,
            "full_rebuilds": rebuild_cap(app, settings),
            "patterns": {},
        }
        # The trap only shows what the small apps show already (see App.service).
        chosen = {p: e for p, e in engines.items() if not (app.service and p == "trap")}
        runs = run_patterns(chosen, app, locks, settings)
        if remote:
            run_remote(remote, runs, settings, settings.work / "caches")
        entry["patterns"] = {p: r.result() for p, r in runs.items()}
        write(results, out)
        entry["host"] = host_bound(app, locks, settings, args.remeasure_host)
        write(results, out)
    if not args.skip_genspeed:
        say("bench: generator speed")
        results["genspeed"] = genspeed.measure(settings.work / "genspeed", {40: args.gen_reps, 1000: args.gen_reps})
    results["total_seconds"] = round(time.monotonic() - started)
    results["load_end"] = os.getloadavg()
    if not args.keep_cache:
        for engine in engines.values():
            engine.prune_all()
    write(results, out)
    say(f"bench: done in {results['total_seconds'] / 60:.1f} min; see {out / 'results.md'} and "
        f"{RESULTS / 'summary.md'}")
    for goal in evaluate_service(results):
        print(f"{'HOLDS' if goal.holds else 'FAILS'}: {goal.text}")
        for number in goal.numbers:
            print(f"    {number}")


def write(results: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    report.write(results, out)
    compare.write(RESULTS)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("images", help="list the base images the benchmarked Dockerfiles need")
    sub.add_parser("report", help="rewrite every engine's results.md and chart.png, and summary.md")
    hosted = sub.add_parser("host", help="measure the host bound alone (no engine) and put it into every "
                            "engine's results.json that has the app")
    hosted.add_argument("--apps", nargs="+", default=["ledger"], choices=list(APPS))
    hosted.add_argument("--work", default=os.environ.get("RUSTDOCK_BENCH_WORK", "/var/tmp/rustdock-bench"))
    runner = sub.add_parser("run", help="run the benchmark (bench/run.sh calls this)")
    runner.add_argument("--engine", required=True, help="the engine's name (scripts/engines.txt), for the results")
    runner.add_argument("--docker", required=True, nargs="+", metavar="CLIENT",
                        help="the clients of the benchmark's own engines, one per pattern, in --patterns' order")
    runner.add_argument("--ci-docker", metavar="CLIENT",
                        help="an engine with the containerd image store, for the scenario CI, remote cache")
    runner.add_argument("--remote-reps", type=int, default=2, help="repetitions of CI, remote cache")
    runner.add_argument("--cold-reps", type=int, default=2, help="repetitions of the cold build")
    runner.add_argument("--reps", type=int, default=3, help="repetitions of each warm scenario")
    runner.add_argument("--dep-reps", type=int, default=ADDED, choices=range(1, ADDED + 1),
                        help="dependencies added, one build each")
    runner.add_argument("--ci-reps", type=int, default=2, help="repetitions of the CI-like scenario")
    runner.add_argument("--gen-reps", type=int, default=7, help="repetitions of each generator timing")
    runner.add_argument("--apps", nargs="+", default=list(APPS), choices=list(APPS))
    runner.add_argument("--patterns", nargs="+", default=[p for p in PATTERNS if p not in VARIANTS],
                        choices=list(PATTERNS), help="default: all but the layout variants (patterns.VARIANTS)")
    runner.add_argument("--full-rebuilds", type=int, metavar="N",
                        help="builds that compile every dependency, per pattern and scenario, on every app: cold "
                        "at least 1, an anchor's by-design full rebuilds (patterns.FULL_REBUILDS) N, 0 skips them "
                        "(default: the app's own cap; the service-sized app's is 1)")
    runner.add_argument("--skip-genspeed", action="store_true")
    runner.add_argument("--remeasure-host", action="store_true",
                        help="measure the host bound again even when host.json has it for these sources")
    runner.add_argument("--keep-cache", action="store_true", help="do not prune the build cache at the end")
    runner.add_argument("--work", default=os.environ.get("RUSTDOCK_BENCH_WORK", "/var/tmp/rustdock-bench"),
                        help="where the work copies go (outside the repository)")
    args = parser.parse_args(sys.argv[1:] or ["--help"])
    if args.command == "images":
        images()
    elif args.command == "report":
        for file in sorted(RESULTS.glob("*/results.json")):
            report.write(json.loads(file.read_text()), file.parent)
        compare.write(RESULTS)
    elif args.command == "host":
        host_only(args)
    else:
        run(args)


def host_only(args: argparse.Namespace) -> None:
    """The host bound with each engine run's own repetitions, measured again (a new machine, say)."""
    for file in sorted(RESULTS.glob("*/results.json")):
        results = json.loads(file.read_text())
        reps = results["reps"]
        settings = Settings(reps["cold"], reps["warm-leaf"], reps["add-dep"], reps["ci-leaf"],
                            Path(args.work) / "host", file.parent)
        for name in args.apps:
            if name not in results["apps"]:
                continue
            app = APPS[name]
            settings = dataclasses.replace(settings, full_rebuilds=results["apps"][name].get("full_rebuilds"))
            locks = dependency_locks(app, settings.work / "lock" / app.name, reps["add-dep"])
            results["apps"][name]["host"] = host_bound(app, locks, settings, remeasure=False)
        file.write_text(json.dumps(results, indent=1) + "\n")
        report.write(results, file.parent)
    compare.write(RESULTS)


if __name__ == "__main__":
    main()

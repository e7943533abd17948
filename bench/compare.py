"""bench/results/summary.md: every engine's results side by side, the main engine first."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

from bench.goals import evaluate_service
from bench.summary import SCENARIOS, TITLES, Cell, best_anchor, build_loads, cells, host, mb

ENGINES_TXT = Path(__file__).resolve().parent.parent / "scripts" / "engines.txt"
SHOWN = ("cold", "noop", "warm-leaf", "warm-lib", "add-dep", "ci-leaf", "ci-remote")


def engine_order() -> list[str]:
    return [line.split()[0] for line in ENGINES_TXT.read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def short(engine: str) -> str:
    return engine.removeprefix("docker-")


def seconds(c: Cell | None) -> str:
    if c is None:
        return "—"
    if not c.ok:
        return "✗"
    return f"{c.seconds:.1f}" if c.seconds >= 10 else f"{c.seconds:.2f}"


def write(results_dir: Path) -> None:
    runs = {e: json.loads((results_dir / e / "results.json").read_text())
            for e in engine_order() if (results_dir / e / "results.json").exists()}
    if runs:
        (results_dir / "summary.md").write_text(markdown(runs))


def markdown(runs: dict[str, dict[str, Any]]) -> str:
    engines = list(runs)
    label = " / ".join(short(e) for e in engines)
    lines = ["# rustdock benchmark: every engine", ""]
    for e, r in runs.items():
        m = r["machine"]
        lines.append(f"- **{e}**: Docker {m['docker']}, run {m['date']}, {r.get('total_seconds', 0) / 60:.0f} min, "
                     f"load average at the start {'/'.join(f'{x:.1f}' for x in r.get('load_start', []))} "
                     f"(1/5/15 min), median 1-min load before a build {median_load(r):.1f}; "
                     f"[results.md]({e}/results.md)")
    lines += ["", f"Median seconds; each cell is `{label}`. ✗: a build failed or printed stale output. "
              "Host bound: `cargo build` on the host with a warm target dir (bench/results/host.json).", ""]
    apps = [a for a in runs[engines[0]]["apps"] if all(a in r["apps"] for r in runs.values())]
    for app in apps:
        lines += app_table(app, {e: r["apps"][app] for e, r in runs.items()}, label)
    lines += ["## Fastest pattern per scenario", "",
              "The patterns are the cache layouts people use; a layout change in rustdock would show as "
              "another pattern winning on one engine and not the other.", "",
              "| app | scenario | " + " | ".join(engines) + " |", "|---|---|" + "---|" * len(engines)]
    for app in apps:
        tables = {e: cells(r["apps"][app]) for e, r in runs.items()}
        for s in SCENARIOS:
            ranked = []
            for e in engines:
                ok = sorted(((p, row[s]) for p, row in tables[e].items() if s in row and row[s].ok),
                            key=lambda pc: pc[1].seconds)
                ranked.append(" < ".join(f"{p} {seconds(c)}" for p, c in ok) or "—")
            lines.append(f"| {app} | {TITLES[s]} | " + " | ".join(ranked) + " |")
    lines.append("")
    lines += goals(runs) + disk(runs, apps)
    return "\n".join(lines)


def app_table(app: str, per_engine: dict[str, dict[str, Any]], label: str) -> list[str]:
    tables = {e: cells(a) for e, a in per_engine.items()}
    first = next(iter(per_engine.values()))
    patterns = [p for p in first["patterns"] if all(p in t for t in tables.values())]
    lines = [f"## {app}", "", f"{first['lock_crates']} packages in Cargo.lock.", "",
             "| pattern | " + " | ".join(TITLES[s] for s in SHOWN) + " | deps compiled, CI-like | correct |",
             "|---|" + "---:|" * (len(SHOWN) + 2)]
    for p in patterns:
        row = []
        for s in SHOWN:
            row.append(" / ".join(seconds(tables[e][p].get(s)) for e in tables))
        ci = " / ".join(str(tables[e][p]["ci-leaf"].external) if "ci-leaf" in tables[e][p] else "—" for e in tables)
        good = " / ".join(f"{sum(c.correct for c in tables[e][p].values())}/{sum(c.runs for c in tables[e][p].values())}"
                          for e in tables)
        name = f"**{p}**" if p == "rustdock" else p
        lines.append(f"| {name} | " + " | ".join(row) + f" | {ci} | {good} |")
    bound = host(first)
    lines.append("| host `cargo build` | " + " | ".join(f"{bound[s]:.2f}" if s in bound else "—" for s in SHOWN)
                 + " | — | — |")
    lines += ["", f"rustdock ÷ best anchor (`{label}`): " + "; ".join(
        f"{TITLES[s]} " + " / ".join(ratio(tables[e], s) for e in tables) for s in SHOWN) + ".", ""]
    return lines


def ratio(table: dict[str, dict[str, Cell]], s: str) -> str:
    best = best_anchor(table, s)
    if best is None or s not in table.get("rustdock", {}):
        return "—"
    return f"{table['rustdock'][s].seconds / best[1].seconds:.2f}"


def goals(runs: dict[str, dict[str, Any]]) -> list[str]:
    lines = ["## Goals on the service-sized app", ""]
    for e, r in runs.items():
        for goal in evaluate_service(r):
            lines.append(f"- {e}: {'✅ holds' if goal.holds else '❌ fails'}: {goal.text}")
            lines += [f"  - {n}" for n in goal.numbers]
    return [*lines, ""]


def disk(runs: dict[str, dict[str, Any]], apps: list[str]) -> list[str]:
    lines = ["## Build cache disk use", "",
             "MB, `docker system df -v`, per pattern on its own builder: after the cold build / warm "
             "(after the rebuilds, before the CI-like prune). Mounts: cache mounts; layers: the rest.", "",
             "| app | pattern | " + " | ".join(f"{e}: total | {e}: mounts" for e in runs) + " |",
             "|---|---|" + "---:|---:|" * len(runs)]
    for app in apps:
        first = next(iter(runs.values()))["apps"][app]
        for p in first["patterns"]:
            row = []
            for r in runs.values():
                usage = r["apps"][app]["patterns"].get(p, {}).get("cache_usage", {})
                tot = " / ".join(mb(u["total"]) if u else "—" for u in (usage.get("cold"), usage.get("warm")))
                mnt = " / ".join(mb(u["by_type"].get("exec.cachemount", 0)) if u else "—"
                                 for u in (usage.get("cold"), usage.get("warm")))
                row += [tot, mnt]
            lines.append(f"| {app} | {p} | " + " | ".join(row) + " |")
    return [*lines, ""]


def median_load(r: dict[str, Any]) -> float:
    loads = build_loads(r)
    return statistics.median(loads) if loads else 0.0

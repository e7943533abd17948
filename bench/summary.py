"""Medians, best anchors and ratios from results.json: what the report and the goals read."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from bench.patterns import ANCHORS

SCENARIOS = ("cold", "noop", "warm-leaf", "warm-lib", "add-dep", "ci-leaf", "ci-remote")
WARM = ("warm-leaf", "warm-lib")
TITLES = {
    "cold": "cold",
    "noop": "no change",
    "warm-leaf": "warm, leaf change",
    "warm-lib": "warm, library change",
    "add-dep": "dependency added",
    "ci-leaf": "CI-like (mounts pruned)",
    "ci-remote": "CI, remote cache",
}
# Where a build's time goes, from BuildKit's step names.
PHASES = {
    "context": ("load build context",),
    "apt": ("apt-get install",),
    "planner": ("cargo chef prepare",),
    "cook": ("cargo chef cook",),
    "build": ("cargo build",),
    "export": ("exporting to image",),
    "cache import": ("importing cache manifest",),
    "cache export": ("exporting cache",),
}


@dataclass(frozen=True)
class Cell:
    """One pattern in one scenario: median seconds over its repetitions, and how they went."""

    seconds: float
    low: float  # the fastest and the slowest repetition: the spread behind the median
    high: float
    runs: int
    correct: int  # runs whose image printed the changed output
    built: int
    external: int  # most external crates compiled in one run
    phases: dict[str, float]  # median seconds per phase (see `phases`)

    @property
    def ok(self) -> bool:
        return self.correct == self.runs


def phases(build: dict[str, Any]) -> dict[str, float]:
    """Seconds per phase; `cook cargo` / `build cargo`: cargo's own time inside those RUNs."""
    found = {name: 0.0 for name in PHASES} | {"cook cargo": 0.0, "build cargo": 0.0}
    for step in build["steps"]:
        for name, needles in PHASES.items():
            if any(n in step["name"] for n in needles):
                found[name] += step["seconds"]
                if name in ("cook", "build") and step["cargo_seconds"]:
                    found[f"{name} cargo"] += step["cargo_seconds"]
    found["layers read"] = build.get("layer_read_seconds", 0.0)  # imported cache layers (bench.docker)
    found["rest"] = max(0.0, build["seconds"] - sum(found[n] for n in PHASES) - found["layers read"])
    return found


def cell(builds: list[dict[str, Any]]) -> Cell:
    per_phase = [phases(b) for b in builds]
    return Cell(
        seconds=statistics.median(b["seconds"] for b in builds),
        low=min(b["seconds"] for b in builds),
        high=max(b["seconds"] for b in builds),
        runs=len(builds),
        correct=sum(b["correct"] for b in builds),
        built=sum(b["built"] for b in builds),
        external=max(len(b["compiled_external"]) for b in builds),
        phases={k: round(statistics.median(p[k] for p in per_phase), 2) for k in per_phase[0]},
    )


def cells(app: dict[str, Any]) -> dict[str, dict[str, Cell]]:
    """{pattern: {scenario: Cell}} for one app."""
    table = {}
    for pattern, result in app["patterns"].items():
        table[pattern] = {
            s: cell([b for b in result["builds"] if b["scenario"] == s])
            for s in SCENARIOS
            if any(b["scenario"] == s for b in result["builds"])
        }
    return table


def host(app: dict[str, Any]) -> dict[str, float]:
    builds = app.get("host", {}).get("builds", [])
    return {
        s: statistics.median(b["seconds"] for b in builds if b["scenario"] == s)
        for s in SCENARIOS
        if any(b["scenario"] == s for b in builds)
    }


def best_anchor(table: dict[str, dict[str, Cell]], scenario: str) -> tuple[str, Cell] | None:
    """The fastest anchor pattern whose every run in the scenario was correct."""
    valid = [(p, table[p][scenario]) for p in ANCHORS if scenario in table.get(p, {}) and table[p][scenario].ok]
    return min(valid, key=lambda pc: pc[1].seconds) if valid else None


def image_sizes(app: dict[str, Any]) -> dict[str, int]:
    return {p: r["image_size"] for p, r in app["patterns"].items() if r["image_size"]}


def worst_ratio(table: dict[str, dict[str, Cell]], pattern: str) -> tuple[float, str] | None:
    """A pattern's slowest scenario relative to that scenario's best anchor: (ratio, scenario)."""
    ratios = []
    for s in SCENARIOS:
        best = best_anchor(table, s)
        c = table[pattern].get(s)
        if best is not None and c is not None and c.ok:
            ratios.append((c.seconds / best[1].seconds, s))
    return max(ratios) if ratios and all(c.ok for c in table[pattern].values()) else None


def build_loads(results: dict[str, Any]) -> list[float]:
    """The 1-minute load average before each engine build of a run."""
    return [b["load1_before"] for app in results["apps"].values() for p in app["patterns"].values()
            for b in p["builds"]]


def mb(size: int) -> str:
    """Bytes as whole decimal megabytes, with thousands separators."""
    return f"{size / 1e6:,.0f}"

"""The benchmark's goals (issues 6, 12, 18 and 19), checked against one run's results, each with the numbers
behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bench.patterns import ANCHORS
from bench.summary import SCENARIOS, TITLES, WARM, best_anchor, cells, host, image_sizes, mb

PATTERN = "rustdock"  # the default the goals are about
HOST_FACTOR = 1.2
CHECK_FACTOR = {40: 3.0, 1000: 2.0}  # `rustdock check` ÷ `cargo metadata --no-deps`, by members
DISK_FACTOR = 1.2  # rustdock's build cache after a cold build ÷ the smallest anchor's


@dataclass(frozen=True)
class Goal:
    text: str
    holds: bool
    numbers: list[str]

    def __post_init__(self) -> None:
        # A goal with nothing measured behind it (a pattern, the host bound or a scenario
        # missing from the run) does not hold: an empty comparison is no evidence.
        if not self.numbers:
            object.__setattr__(self, "holds", False)
            object.__setattr__(self, "numbers", ["not measured in this run"])


def secs(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds >= 10 else f"{seconds:.2f} s"


def evaluate(results: dict[str, Any]) -> list[Goal]:
    apps = results["apps"]
    return [
        correct(apps),
        no_slower(apps),
        near_host(apps),
        ci_compiles_nothing(apps),
        smallest_image(apps),
        generator_speed(results.get("genspeed", [])),
    ]


def evaluate_service(results: dict[str, Any]) -> list[Goal]:
    """Issue 12's goals, on the service-sized app."""
    apps = {name: app for name, app in results["apps"].items() if app.get("service")}
    if not apps:
        return []
    goals = [no_slower(apps), near_host(apps), ci_compiles_nothing(apps), correct(apps), small_cache(apps)]
    if any("ci-remote" in cells(app).get(PATTERN, {}) for app in apps.values()):
        goals.append(small_remote_cache(apps))  # an engine that exports caches ran the scenario
    return goals


def correct(apps: dict[str, Any]) -> Goal:
    numbers, holds = [], True
    for name, app in apps.items():
        table = cells(app)
        for pattern in [PATTERN, *ANCHORS]:
            if pattern not in table:
                continue
            runs = sum(c.runs for c in table[pattern].values())
            good = sum(c.correct for c in table[pattern].values())
            failed = runs - sum(c.built for c in table[pattern].values())
            numbers.append(f"{name}, {pattern}: {good}/{runs} builds correct"
                           + (f" ({failed} failed to build)" if failed else ""))
            holds &= pattern != PATTERN or good == runs
    return Goal("every rustdock rebuild is correct (the trap is expected to fail one)", holds, numbers)


def no_slower(apps: dict[str, Any]) -> Goal:
    numbers, holds = [], True
    for name, app in apps.items():
        table = cells(app)
        for scenario in SCENARIOS:
            best = best_anchor(table, scenario)
            if best is None or scenario not in table.get(PATTERN, {}):
                continue
            ours = table[PATTERN][scenario].seconds
            ratio = ours / best[1].seconds
            ok = ratio <= 1.0
            holds &= ok
            numbers.append(f"{name}, {TITLES[scenario]}: rustdock {secs(ours)} vs {best[0]} "
                           f"{secs(best[1].seconds)} = {ratio:.2f}x{'' if ok else '  FAILS'}")
    return Goal("in every scenario rustdock is no slower than the best anchor (median, same run)",
                holds, numbers)


def near_host(apps: dict[str, Any]) -> Goal:
    numbers, holds = [], True
    for name, app in apps.items():
        table, bound = cells(app), host(app)
        for scenario in WARM:
            if scenario not in bound or scenario not in table.get(PATTERN, {}):
                continue
            ours = table[PATTERN][scenario].seconds
            ratio = ours / bound[scenario]
            ok = ratio <= HOST_FACTOR
            holds &= ok
            numbers.append(f"{name}, {TITLES[scenario]}: rustdock {ours:.2f} s vs host {bound[scenario]:.2f} s "
                           f"= {ratio:.2f}x{'' if ok else '  FAILS'}")
    return Goal(f"warm rebuild <= {HOST_FACTOR}x the host bound", holds, numbers)


def ci_compiles_nothing(apps: dict[str, Any]) -> Goal:
    numbers, holds = [], True
    for name, app in apps.items():
        table = cells(app)
        for pattern, row in table.items():
            for scenario in ("ci-leaf", "ci-remote"):
                if scenario in row:
                    n = row[scenario].external
                    numbers.append(f"{name}, {pattern}, {TITLES[scenario]}: {n} external crates compiled")
                    holds &= pattern != PATTERN or n == 0
    return Goal("a CI builder (mounts pruned, or empty with an imported cache) compiles no external dependency",
                holds, numbers)


def small_cache(apps: dict[str, Any]) -> Goal:
    numbers, holds = [], True
    for name, app in apps.items():
        cold = {p: r["cache_usage"]["cold"]["total"] for p, r in app["patterns"].items()
                if r.get("cache_usage", {}).get("cold")}
        anchors = {p: size for p, size in cold.items() if p in ANCHORS}
        if PATTERN not in cold or not anchors:
            continue
        smallest = min(anchors, key=anchors.get)
        ratio = cold[PATTERN] / anchors[smallest]
        ok = ratio <= DISK_FACTOR
        holds &= ok
        numbers.append(f"{name}: rustdock {mb(cold[PATTERN])} MB vs {smallest} {mb(anchors[smallest])} MB "
                       f"= {ratio:.2f}x{'' if ok else '  FAILS'}")
    return Goal(f"the build cache after a cold build <= {DISK_FACTOR}x the smallest anchor's", holds, numbers)


def small_remote_cache(apps: dict[str, Any]) -> Goal:
    """Issue 18: the smallest exported cache among the patterns that compile no dependency from it."""
    numbers, holds = [], True
    for name, app in apps.items():
        table = cells(app)
        sizes = {p: r["remote"]["cache_bytes_last"] for p, r in app["patterns"].items()
                 if r.get("remote", {}).get("cache_bytes_last") is not None}
        complete = {p: s for p, s in sizes.items() if "ci-remote" in table.get(p, {})
                    and table[p]["ci-remote"].external == 0 and table[p]["ci-remote"].ok}
        if PATTERN not in complete:
            continue
        smallest = min(complete, key=complete.get)
        holds &= smallest == PATTERN
        numbers += [f"{name}, {p}: {mb(s)} MB exported"
                    + ("" if p in complete else ", compiles dependencies from it") for p, s in sizes.items()]
    return Goal("rustdock's exported cache (mode=max) is the smallest that compiles no dependency", holds, numbers)


def smallest_image(apps: dict[str, Any]) -> Goal:
    numbers, holds = [], True
    for name, app in apps.items():
        sizes = image_sizes(app)
        anchors = {p: s for p, s in sizes.items() if p in ANCHORS}
        if PATTERN not in sizes or not anchors:
            continue
        smallest = min(anchors, key=anchors.get)
        diff = sizes[PATTERN] - anchors[smallest]
        ok = diff <= 0
        holds &= ok
        numbers.append(f"{name}: rustdock {sizes[PATTERN] / 1e6:.2f} MB vs {smallest} {anchors[smallest] / 1e6:.2f} MB "
                       f"({diff / 1e3:+.0f} kB){'' if ok else '  FAILS'}")
    return Goal("the default runtime image is no larger than the smallest anchor's", holds, numbers)


def generator_speed(genspeed: list[dict[str, Any]]) -> Goal:
    numbers, holds = [], bool(genspeed)
    for entry in genspeed:
        label = f"{entry['members']} members ({entry['shape']})"
        if "error" in entry:
            holds = False
            numbers.append(f"{label}: FAILS, {entry['error']}")
            continue
        m = entry["median"]
        factor = CHECK_FACTOR.get(entry["members"], min(CHECK_FACTOR.values()))
        ok = entry["ratio"] <= factor
        holds &= ok
        numbers.append(f"{label}: rustdock check {m['rustdock check'] * 1000:.0f} ms vs cargo metadata "
                       f"{m['cargo metadata --no-deps'] * 1000:.0f} ms = {entry['ratio']:.2f}x (goal {factor:g}x)"
                       f"{'' if ok else '  FAILS'}")
    goal = ", ".join(f"{f:g}x at {n}" for n, f in CHECK_FACTOR.items())
    return Goal(f"`rustdock check` <= `cargo metadata --no-deps` times {goal} members", holds, numbers)

"""Issue 6's goals, checked against one run's results, each with the numbers behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bench.patterns import ANCHORS
from bench.summary import COMPARED, TITLES, WARM, best_anchor, cells, host, image_sizes

PATTERN = "rustdock"  # the default the goals are about
HOST_FACTOR = 1.3
CHECK_FACTOR = 4.0


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
    return [no_slower(apps), near_host(apps), ci_compiles_nothing(apps), correct(apps)]


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
        for scenario in COMPARED:
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
            if "ci-leaf" in row:
                n = row["ci-leaf"].external
                numbers.append(f"{name}, {pattern}: {n} external crates compiled")
                holds &= pattern != PATTERN or n == 0
    return Goal("a CI-like rebuild compiles no external dependency", holds, numbers)


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
        ok = entry["ratio"] <= CHECK_FACTOR
        holds &= ok
        numbers.append(f"{label}: rustdock check {m['rustdock check'] * 1000:.0f} ms vs cargo metadata "
                       f"{m['cargo metadata --no-deps'] * 1000:.0f} ms = {entry['ratio']:.1f}x"
                       f"{'' if ok else '  FAILS'}")
    return Goal(f"`rustdock check` <= {CHECK_FACTOR:.0f}x `cargo metadata --no-deps` on both sizes",
                holds, numbers)

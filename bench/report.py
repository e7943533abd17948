"""Write results.md (tables, goals) and chart.png from one run's results."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from bench.goals import evaluate, evaluate_service
from bench.patterns import VARIANTS
from bench.summary import (
    SCENARIOS,
    TITLES,
    Cell,
    best_anchor,
    build_loads,
    cells,
    host,
    image_sizes,
    mb,
    worst_ratio,
)

COMMAND = "bash bench/run.sh"
ENGINES = ("docker-26", "docker-20.10")  # what bench/run.sh takes; a variant's run names its own --engine
ABOUT = {  # results.json files written before each app's `about` was recorded
    "rust-app": "examples/rust-app: a workspace, library crate `greeting` + package `app` with bins "
    "`app` and `worker`",
    "reqlog": "bench/apps/reqlog: one package (lib + bin) with serde, serde_json, clap, regex, sha2, "
    "rand, thiserror, anyhow, humantime",
}


def write(results: dict[str, Any], out: Path) -> None:
    (out / "results.md").write_text(markdown(results))
    if results["apps"]:
        chart(results, out / "chart.png")


def time_text(c: Cell | None, bold: bool = False) -> str:
    if c is None:
        return "—"
    text = f"{c.seconds:.1f}" if c.seconds >= 10 else f"{c.seconds:.2f}"
    if c.built < c.runs:
        return f"✗ {text} (build failed)"
    if c.correct < c.runs:
        return f"⚠ {text} (stale output {c.runs - c.correct}/{c.runs})"
    return f"**{text}**" if bold else text


def run_text(results: dict[str, Any]) -> str:
    """How long the run took and the command that made it, as far as the results say."""
    engine = results["machine"].get("engine", "")
    command = results.get("command") or (f"{COMMAND} {engine}" if engine in ENGINES else None)
    took = (f"Full run: {results['total_seconds'] / 60:.0f} min" if "total_seconds" in results
            else "The run was stopped before its end, so it has no total time")
    return f"{took}; {f'command `{command}`' if command else 'its command is in bench/README.md'}"


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    reps = results["reps"]
    lines = [
        "# rustdock benchmark results",
        "",
        (
            f"Run {m['date']} on {m['nproc']} CPUs ({m['cpu']}), {m['memory']} RAM, kernel {m['kernel']}; "
            f"engine {m.get('engine', 'docker')}: Docker {m['docker']} with its built-in BuildKit; "
            f"host {m['rustc_host']}. {run_text(results)}{load_text(results)}."
        ),
        "",
        (
            "Times are wall seconds of `docker build --progress=plain`, the median of "
            + ", ".join(f"{n} {TITLES[s]}" for s, n in reps.items() if n)
            + " runs, all in one run. "
            + ("Each pattern builds on its own engine (a daemon of this version with a data root of its own), "
               "and the patterns are interleaved: every repetition of a scenario builds each pattern in turn, "
               "so that the machine's drift lands on all of them alike. "
               if results.get("interleaved") else "The patterns ran one after another on one engine. ")
            + "A cold build starts from an empty build cache "
        "(`docker builder prune -af`); *CI-like* empties the cache mounts "
        "(`docker builder prune --filter type=exec.cachemount`) and keeps the layer cache. *CI, remote cache*: "
        "an empty builder (`docker builder prune -af` on an engine with the containerd image store) imports the "
        "cache the previous run exported (`--cache-from type=local`), builds after a one-line change and exports "
        "its own (`--cache-to type=local,mode=max`), as a CI job with a cache backend does. "
        "*Dependency added*: run k adds the app's k-th crate (named in its section) with its Cargo.lock "
        "entry, resolved once on the host, identical for every pattern. A build is *correct* when the "
        "image prints every changed line. **Bold**: the best anchor (trap, chef-readme, docker-init) "
        "in that scenario. ✗: the build failed."
        ),
        "",
    ]
    for name, app in results["apps"].items():
        lines += app_section(name, app)
    if results.get("genspeed"):
        lines += genspeed_section(results["genspeed"])
    service = evaluate_service(results)
    if service:
        lines += ["## Goals on the service-sized app (issues 12, 18 and 19)", ""]
        for goal in service:
            lines.append(f"- {'✅ holds' if goal.holds else '❌ fails'}: {goal.text}")
            lines += [f"  - {n}" for n in goal.numbers]
        lines.append("")
    lines += ["## Goals on every app (issue 6)", ""]
    for goal in evaluate(results):
        lines.append(f"- {'✅ holds' if goal.holds else '❌ fails'}: {goal.text}")
        lines += [f"  - {n}" for n in goal.numbers]
    lines.append("")
    return "\n".join(lines)


def app_section(name: str, app: dict[str, Any]) -> list[str]:
    table, bound, sizes = cells(app), host(app), image_sizes(app)
    best = {s: best_anchor(table, s) for s in SCENARIOS}
    lines = [
        f"## {name}",
        "",
        (
            f"{app.get('about', ABOUT.get(name, name))}; {app['lock_crates']} packages in Cargo.lock. Leaf change: "
            f"{app['leaf_change']}. Library change: {app['lib_change']}. Dependencies added: "
            f"{', then '.join(app['added_dependencies'])}."
        ),
        "",
        "| pattern | " + " | ".join(TITLES[s] for s in SCENARIOS) + " | deps compiled, CI-like | image MB | correct |",
        "|---|" + "---:|" * len(SCENARIOS) + "---:|---:|---:|",
    ]
    for pattern, row in table.items():
        runs = sum(c.runs for c in row.values())
        good = sum(c.correct for c in row.values())
        size = f"{sizes[pattern] / 1e6:.2f}" if pattern in sizes else "—"
        ci = str(row["ci-leaf"].external) if "ci-leaf" in row else "—"
        values = [time_text(row.get(s), bold=best[s] is not None and best[s][0] == pattern) for s in SCENARIOS]
        lines.append(f"| {pattern} | " + " | ".join(values) + f" | {ci} | {size} | {good}/{runs} |")
    lines.append("| host `cargo build` (bound) | "
                 + " | ".join(f"{bound[s]:.2f}" if s in bound else "—" for s in SCENARIOS)
                 + " | — | — | — |")
    if "host" in app:
        flags = " ".join(app["host"]["cargo_flags"])
        note = f"Host bound: `cargo build {flags}` in a copy with a warm target dir (its cold build finds"
        lines += ["", note + " the registry on disk already).", ""]
    skipped = [(p, s) for p, r in app["patterns"].items() for s in r.get("skipped", {})]
    # A scenario the cap cut short still has its first runs; only one without any was not built.
    unbuilt = sorted(f"{p}, {TITLES[s]}" for p, s in skipped if s not in table.get(p, {}))
    capped = sorted(f"{p}, {TITLES[s]} {table[p][s].runs}×" for p, s in skipped if s in table.get(p, {}))
    if app.get("full_rebuilds") is not None:
        lines += ["", (f"Builds that compile every dependency ran at most {max(app['full_rebuilds'], 1)}× cold and "
                       f"{app['full_rebuilds']}× in an anchor's other scenarios (patterns.FULL_REBUILDS) per pattern"
                       + (f"; built fewer times: {'; '.join(capped)}" if capped else "")
                       + (f"; not built: {'; '.join(unbuilt)}" if unbuilt else "")
                       + (". The trap is left out: the small apps show it." if app.get("service") else ".")), ""]
    lines += ratio_table(table, bound, best) + phase_table(table, best)
    lines += remote_table(app, table) + disk_table(app)
    return lines


def load_text(results: dict[str, Any]) -> str:
    if "load_start" not in results:
        return ""
    loads = build_loads(results)
    start = results["load_start"]
    return (f"; load average at the start {start[0]:.2f} / {start[1]:.2f} / {start[2]:.2f} (1/5/15 min), "
            f"1-min load before each build: median {statistics.median(loads):.2f}, max {max(loads):.2f}"
            if loads else "")


def disk_table(app: dict[str, Any]) -> list[str]:
    """The build cache's disk use per pattern: after the cold build, and warm before the CI-like prune."""
    rows = [(p, r["cache_usage"]) for p, r in app["patterns"].items() if r.get("cache_usage")]
    if not rows:
        return []
    lines = [
        ("Build cache disk use, MB (`docker system df -v`): *after cold* is what one build of everything "
         "leaves; *warm* is after every rebuild and dependency added, before the CI-like prune. Layers: "
         "`regular` records; mounts: `exec.cachemount`; context: `source.local`."),
        "",
        "| pattern | after cold: total | layers | mounts | context | warm: total | layers | mounts | growth "
        "| cache mounts, warm |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for pattern, usage in rows:
        cells_ = []
        for when in ("cold", "warm"):
            u = usage.get(when)
            if u is None:
                cells_ += ["—"] * (4 if when == "cold" else 3)
                continue
            t = u["by_type"]
            parts = [mb(u["total"]), mb(t.get("regular", 0)), mb(t.get("exec.cachemount", 0))]
            cells_ += parts + ([mb(t.get("source.local", 0))] if when == "cold" else [])
        if usage.get("cold") and usage.get("warm"):
            cells_.append(f"{usage['warm']['total'] / usage['cold']['total']:.2f}×")
        else:
            cells_.append("—")
        mounts = (usage.get("warm") or usage.get("cold") or {}).get("mounts", {})
        listed = ", ".join(f"`{k}` {mb(v)}" for k, v in sorted(mounts.items(), key=lambda kv: -kv[1]) if v >= 1e6)
        lines.append(f"| {pattern} | " + " | ".join(cells_) + f" | {listed or '—'} |")
    return [*lines, ""]


def ratio_table(table, bound, best) -> list[str]:
    ours = [p for p in ("rustdock", *VARIANTS) if p in table]
    variants = [p for p in VARIANTS if p in table and "rustdock" in table]
    lines = [
        (
            "Ratios of medians: rustdock (and any layout variant) against the best correct anchor of the "
            "scenario, variants against the default, and the default against the host bound. The spread "
            "in brackets: rustdock's fastest run against the anchor's slowest, and its slowest against "
            "the anchor's fastest."
        ),
        "",
        "| scenario | best anchor | " + " | ".join(f"{p} ×anchor" for p in ours)
        + "".join(f" | {p.removeprefix('rustdock-')} ÷ rustdock" for p in variants) + " | rustdock ×host |",
        "|---|---|" + "---:|" * (len(ours) + len(variants) + 1),
    ]
    for s in SCENARIOS:
        if best[s] is None:
            continue
        anchor, ac = best[s]
        ratios = [ratio_text(table[p][s], ac) if s in table[p] else "—" for p in ours]
        ratios += [f"{table[p][s].seconds / table['rustdock'][s].seconds:.2f}" if s in table[p] and s in table["rustdock"]
                   else "—" for p in variants]
        ours_cell = table.get("rustdock", {}).get(s)
        to_host = f"{ours_cell.seconds / bound[s]:.2f}" if ours_cell and s in bound else "—"
        spread = f"{ac.low:.2f}–{ac.high:.2f}" if ac.runs > 1 else ""
        lines.append(f"| {TITLES[s]} | {anchor} {ac.seconds:.2f} s{f' ({spread})' if spread else ''} | "
                     + " | ".join(ratios) + f" | {to_host} |")
    worst = []
    for p in table:
        w = worst_ratio(table, p)
        worst.append(f"{p} {w[0]:.2f}× ({TITLES[w[1]]})" if w else f"{p} — (not every build correct)")
    lines += ["", "Slowest scenario against its best anchor, per pattern: " + "; ".join(worst) + ".", ""]
    return lines


def ratio_text(ours: Cell, anchor: Cell) -> str:
    """`1.05 [0.98–1.12]`: the ratio of medians, and the spread of the runs behind it."""
    text = f"{ours.seconds / anchor.seconds:.2f}"
    if ours.runs > 1 or anchor.runs > 1:
        text += f" [{ours.low / anchor.high:.2f}–{ours.high / anchor.low:.2f}]"
    return text


def remote_table(app: dict[str, Any], table: dict[str, dict[str, Cell]]) -> list[str]:
    """Scenario "CI, remote cache": the wall time split into import, layers read, build and export, and the
    cache's size."""
    rows = [(p, r) for p, r in app["patterns"].items() if "ci-remote" in table.get(p, {})]
    if not rows:
        return []
    lines = [
        ("*CI, remote cache*, medians of seconds: *import* is BuildKit's `importing cache manifest` step; "
         "*layers read* the time BuildKit spends reading and unpacking the imported layers that a later step "
         "needs (the `sha256:… done` and `extracting … done` lines of cached steps, outside every step's own "
         "time); *build* the cook and build RUNs that ran; *export* the `exporting cache` step; *rest* the "
         "remainder (client, solve, planner, runtime stages, image export). *Cache* is the size of the cache each build "
         "imported (`type=local`, `mode=max`: every layer of every stage, the base images' included); *of which "
         "base images* is the size of a cache exported by a build of the base images alone. The seed is the "
         "cold build that exported the first cache."),
        "",
        "| pattern | wall | import | layers read | build | export | rest | cache MB | of which base images "
        "| deps compiled | correct | seed build |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for pattern, result in rows:
        c = table[pattern]["ci-remote"]
        imported = [b["cache_bytes"] for b in result["builds"] if b["scenario"] == "ci-remote" and "cache_bytes" in b]
        size = mb(statistics.median(imported)) if imported else "—"
        seed = result.get("remote", {}).get("seed_seconds")
        base = result.get("remote", {}).get("base_images_bytes")
        p = c.phases
        runs = p["cook"] + p["build"]
        rest = c.seconds - p["cache import"] - p["layers read"] - runs - p["cache export"]
        lines.append(f"| {pattern} | {c.seconds:.1f} | {p['cache import']:.2f} | {p['layers read']:.1f} | "
                     f"{runs:.1f} | {p['cache export']:.1f} | {rest:.1f} | {size} | "
                     f"{mb(base) if base else '—'} | {c.external} | {c.correct}/{c.runs} | "
                     f"{f'{seed:.0f} s' if seed else '—'} |")
    return [*lines, ""]


def phase_table(table, best) -> list[str]:
    columns = ["context", "apt", "planner", "cook", "cook cargo", "build", "build cargo", "export", "rest"]
    lines = [
        (
            "Where the time goes (median seconds per BuildKit step, as BuildKit rounds them: *cook* and "
            "*build* are the `cargo chef cook` and `cargo build` RUNs, *… cargo* cargo's own time inside "
            "them (the rest of such a RUN: container start, cache-mount seeding, `cp`), *rest* the wall "
            "time outside these steps: client, solve, COPY, runtime stages):"
        ),
        "",
        "| scenario | pattern | wall | " + " | ".join(columns) + " |",
        "|---|---|" + "---:|" * (len(columns) + 1),
    ]
    for s in SCENARIOS:
        shown = [p for p in ("rustdock", *VARIANTS) if p in table]
        if best[s] is not None:
            shown.append(best[s][0])
        for p in shown:
            c = table[p].get(s)
            if c:
                lines.append(f"| {TITLES[s]} | {p} | {c.seconds:.2f} | "
                             + " | ".join(f"{c.phases[k]:.2f}" for k in columns) + " |")
    return [*lines, ""]


def genspeed_section(entries: list[dict[str, Any]]) -> list[str]:
    lines = [
        "## Generator speed",
        "",
        (
            "Whole-process wall time, median of interleaved runs, on synthetic virtual workspaces "
            "whose members each have src/main.rs and two src/bin/*.rs."
        ),
        "",
        "| members | selected binaries | runs | `rustdock check` | `cargo metadata --no-deps --offline` | ratio |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for e in entries:
        selected = "all (3 per member)" if e["shape"] == "all" else "`default-members`: 10 members, 30 bins"
        if "error" in e:
            lines.append(f"| {e['members']} | {selected} | — | fails: {e['error'][:160]} | — | — |")
            continue
        m = e["median"]
        lines.append(f"| {e['members']} | {selected} | {e['reps']} | {m['rustdock check'] * 1000:.0f} ms | "
                     f"{m['cargo metadata --no-deps'] * 1000:.0f} ms | {e['ratio']:.1f}× |")
    return [*lines, ""]


COLORS = {
    "rustdock": "#1f77b4",
    "trap": "#d62728",
    "chef-readme": "#ff7f0e",
    "docker-init": "#9467bd",
}


def chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator

    apps = results["apps"]
    fig, axes = plt.subplots(len(apps), 1, figsize=(12, 4.8 * len(apps)), squeeze=False)
    seconds = FuncFormatter(lambda v, _: f"{v:g}")
    for ax, (name, app) in zip(axes[:, 0], apps.items(), strict=True):
        table, bound = cells(app), host(app)
        patterns = list(table)
        width = 0.84 / len(patterns)
        for i, pattern in enumerate(patterns):
            for j, s in enumerate(SCENARIOS):
                c = table[pattern].get(s)
                if c is None:
                    continue
                x = j + (i - (len(patterns) - 1) / 2) * width
                bar = ax.bar(x, c.seconds, width, color=COLORS.get(pattern, "grey"),
                             label=pattern if j == 0 else None)[0]
                if not c.ok:
                    bar.set_hatch("xx")
                    bar.set_alpha(0.45)
                label = f"{c.seconds:.0f}" if c.seconds >= 10 else f"{c.seconds:.1f}" if c.seconds >= 1 else f"{c.seconds:.2f}"
                ax.text(x, c.seconds * 1.04, label, ha="center", va="bottom", fontsize=6, rotation=90)
        for j, s in enumerate(SCENARIOS):
            if s in bound:
                ax.hlines(bound[s], j - 0.45, j + 0.45, colors="black", linestyles="dashed", linewidth=1,
                          label="host cargo build (bound)" if j == 0 else None)
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(seconds)
        ax.yaxis.set_minor_locator(LogLocator(subs=(2, 5)))
        ax.yaxis.set_minor_formatter(seconds)
        ax.tick_params(axis="y", which="minor", labelsize=7)
        ax.set_ylim(top=ax.get_ylim()[1] * 1.6)
        ax.set_xticks(range(len(SCENARIOS)), [TITLES[s] for s in SCENARIOS])
        ax.set_ylabel("seconds (median, log scale)")
        ax.set_title(f"{name}: docker build wall time (hatched: build failed or stale output)", fontsize=10)
        ax.grid(axis="y", which="both", alpha=0.3)
        ax.legend(fontsize=7, ncol=7, loc="upper center", bbox_to_anchor=(0.5, -0.08), frameon=False)
    m = results["machine"]
    fig.suptitle(f"rustdock benchmark, {m['date']}, {m['nproc']} CPUs, Docker {m['docker']}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)

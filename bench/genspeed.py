"""Generator speed: `rustdock check` against `cargo metadata --no-deps` on synthetic workspaces."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.patterns import RUSTDOCK

BINS_PER_MEMBER = 3  # src/main.rs plus two in src/bin/


SHAPES = {
    "all": "every member is built: all binaries selected",
    "default-10": "`default-members` names 10 members: 30 binaries selected, all members still read",
}


def synthetic_workspace(root: Path, members: int, shape: str) -> Path:
    """A virtual workspace of `members` packages, each with src/main.rs and two src/bin/*.rs."""
    if root.exists():
        shutil.rmtree(root)
    (root / "crates").mkdir(parents=True)
    manifest = '[workspace]\nresolver = "2"\nmembers = ["crates/*"]\n'
    if shape == "default-10":
        manifest += f"default-members = {[f'crates/m{n:04d}' for n in range(10)]}\n".replace("'", '"')
    (root / "Cargo.toml").write_text(manifest)
    main = 'fn main() {\n    println!("hello");\n}\n'
    for n in range(members):
        name = f"m{n:04d}"
        crate = root / "crates" / name
        (crate / "src" / "bin").mkdir(parents=True)
        (crate / "Cargo.toml").write_text(
            f'[package]\nname = "{name}"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n'
        )
        (crate / "src" / "main.rs").write_text(main)
        for extra in range(1, BINS_PER_MEMBER):
            (crate / "src" / "bin" / f"{name}-tool{extra}.rs").write_text(main)
    return root


def seconds(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Whole-process wall time; the command must succeed."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
                            env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])} failed in {cwd}: {result.stderr.strip()[-500:]}")
    return elapsed


def measure(work: Path, sizes: dict[int, int]) -> list[dict[str, Any]]:
    """Median whole-process times over `reps` interleaved runs, per size ({members: reps}) and shape."""
    results: list[dict[str, Any]] = []
    for (members, reps), shape in ((s, shape) for s in sizes.items() for shape in SHAPES):
        root = synthetic_workspace(work / f"workspace-{members}-{shape}", members, shape)
        init = subprocess.run([str(RUSTDOCK), "init", "."], cwd=root, capture_output=True, text=True, check=False)
        entry: dict[str, Any] = {"members": members, "shape": shape, "reps": reps}
        if init.returncode != 0:
            results.append(entry | {"error": f"rustdock init: {init.stderr.strip()}"})
            shutil.rmtree(root)
            continue
        commands = {
            "rustdock check": [str(RUSTDOCK), "check", "."],
            "cargo metadata --no-deps": ["cargo", "metadata", "--no-deps", "--offline", "--format-version", "1"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        # Warm-up: file cache, rustup, and rustdock's bytecode, which pip writes when it installs a wheel.
        # Where PYTHONDONTWRITEBYTECODE is set, every timed run would compile rustdock from source (+35 ms).
        warm = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        for name, command in commands.items():
            seconds(command, root, warm)
        for _ in range(reps):
            for name, command in commands.items():
                times[name].append(round(seconds(command, root), 4))
        medians = {name: statistics.median(t) for name, t in times.items()}
        results.append(entry | {
            "binaries": members * BINS_PER_MEMBER,
            "times": times,
            "median": medians,
            "ratio": medians["rustdock check"] / medians["cargo metadata --no-deps"],
            "dockerfile_lines": len((root / "Dockerfile").read_text().splitlines()),
        })
        shutil.rmtree(root)
    return results

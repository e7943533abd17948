"""Real BuildKit engines for the end-to-end tests. A missing engine fails them; it never skips.

Every test that takes `engine` builds on the main engine (the first of scripts/engines.txt);
a test or module marked `every_engine` builds on each engine in turn.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dockerengine import CONTAINERD, ENGINES, TIMINGS, VERSIONS, Engine

USED: dict[str, Engine] = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(item.path).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames:
        names = ENGINES if metafunc.definition.get_closest_marker("every_engine") else ENGINES[:1]
        metafunc.parametrize("engine", names, indirect=True, scope="session")


@pytest.fixture(scope="session")
def engine(request: pytest.FixtureRequest) -> Engine:
    yield from _started(request.param)


@pytest.fixture(scope="session")
def containerd_engine() -> Engine:
    """Docker 26 with the containerd image store, for what only that store does: one image for
    several platforms, build cache exported to and imported from a registry."""
    yield from _started(CONTAINERD)


def _started(name: str):
    found = Engine(name)
    if not found.client.exists():
        pytest.fail(f"{found.client} not found: run scripts/engine.sh (or bash scripts/test.sh)")
    version = subprocess.run([found.client, "version", "--format", "{{.Server.Version}}"],
                             capture_output=True, text=True, timeout=60)
    if version.returncode != 0:
        pytest.fail(f"engine {found.name} does not answer: {version.stderr.strip()} — run scripts/engine.sh")
    VERSIONS[found.name] = version.stdout.strip()
    USED[found.name] = found
    # Start from an empty build cache, so that "cold" timings are cold and no earlier run's
    # layers can make a broken build look fine. Base images are kept.
    found.docker("builder", "prune", "-af")
    yield found
    if found.tags:
        found.docker("rmi", "-f", *found.tags, timeout=300, check=False)


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if not TIMINGS:
        return
    terminalreporter.section("end-to-end build times")
    for name in dict.fromkeys([*ENGINES, *(engine for engine, _, _ in TIMINGS)]):
        builds = [(label, seconds) for engine, label, seconds in TIMINGS if engine == name]
        if not builds:
            continue
        terminalreporter.write_line(f"{name} (Docker {VERSIONS.get(name, '?')}):")
        for label, seconds in builds:
            terminalreporter.write_line(f"{seconds:7.1f} s  {label}")
        used = USED.get(name)
        span = f"; {used.last - used.started:.0f} s from its cache prune to its last build or run" if used else ""
        terminalreporter.write_line(f"{sum(s for _, s in builds):7.1f} s  {len(builds)} builds{span}")

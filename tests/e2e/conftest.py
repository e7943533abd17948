"""A real BuildKit engine for the end-to-end tests. A missing engine fails them; it never skips."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dockerengine import DOCKER, TIMINGS, Engine


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(item.path).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def engine() -> Engine:
    if not Path(DOCKER).exists():
        pytest.fail(f"{DOCKER} not found: run scripts/engine.sh (or bash scripts/test.sh)")
    info = subprocess.run([DOCKER, "info"], capture_output=True, text=True, timeout=60)
    if info.returncode != 0:
        pytest.fail(f"no Docker engine answers: {info.stderr.strip()} — run scripts/engine.sh")
    found = Engine()
    # Start from an empty build cache, so that "cold" timings are cold and no earlier run's
    # layers can make a broken build look fine. Base images are kept.
    found.docker("builder", "prune", "-af")
    yield found
    if found.tags:
        subprocess.run([DOCKER, "rmi", "-f", *found.tags], capture_output=True, timeout=300)


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if TIMINGS:
        terminalreporter.section("end-to-end build times")
        for label, seconds in TIMINGS:
            terminalreporter.write_line(f"{seconds:7.1f} s  {label}")

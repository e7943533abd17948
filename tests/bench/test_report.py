"""The benchmark's report: every committed results.json renders to the results.md beside it, so a
report change that crashes on real results (as a missing scenario once did) or a committed table
that was not regenerated fails here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.report import markdown

RESULTS = Path(__file__).parents[2] / "bench" / "results"


@pytest.mark.parametrize("results", sorted(RESULTS.glob("*/results.json")), ids=lambda p: p.parent.name)
def test_the_committed_results_render_to_the_committed_report(results: Path) -> None:
    assert markdown(json.loads(results.read_text())) == (results.parent / "results.md").read_text()


def test_a_scenario_the_cap_cut_short_is_not_called_unbuilt() -> None:
    text = markdown(json.loads((RESULTS / "docker-26-cache" / "results.json").read_text()))
    sentence = next(line for line in text.splitlines() if line.startswith("Builds that compile every dependency"))
    built, unbuilt = sentence.split("; not built: ")
    assert "rustdock, cold 1×" in built and "chef-readme, dependency added" in unbuilt
    assert "cold" not in unbuilt

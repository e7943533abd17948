"""The README documents every setting; CI runs the README's own commands."""

from pathlib import Path

from rustdock.settings.config import SETTINGS

README = (Path(__file__).parents[2] / "README.md").read_text()


def test_every_setting_is_in_the_readme_table() -> None:
    documented = {line.split("`")[1] for line in README.splitlines() if line.startswith("| `")}
    assert {s.key for s in SETTINGS} <= documented

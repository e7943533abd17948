"""Write a scenario's index.jsonl: the registry index lines of its locked crates, from this
machine's Cargo index cache (run `cargo fetch` in the scenario first).

    python tests/make_index.py tests/detection/<scenario>

Tests turn index.jsonl back into Cargo's cache files (conftest.py), so a scenario's plan reads the
same index on every machine.
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

from rustdock.read.registry_index import cargo_home


def main(scenario: Path) -> None:
    lock = tomllib.loads((scenario / "Cargo.lock").read_text())
    lines = []
    for package in lock["package"]:
        if not str(package.get("source", "")).startswith(("registry+", "sparse+")):
            continue
        lines.append(_line(package["name"], package["version"]))
    (scenario / "index.jsonl").write_text("".join(f"{line}\n" for line in sorted(lines)))


def _line(name: str, version: str) -> str:
    from rustdock.read.registry_index import _index_path  # the cache's own layout

    for root in sorted((cargo_home() / "registry" / "index").glob("*/.cache")):
        path = root / _index_path(name)
        if not path.is_file():
            continue
        fields = path.read_bytes()[5:].split(b"\0")
        for number, line in zip(fields[1::2], fields[2::2]):
            if number.decode() == version:
                return json.dumps(json.loads(line), sort_keys=True)
    raise SystemExit(f"{name} {version}: not in the index cache; run `cargo fetch` in the scenario")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

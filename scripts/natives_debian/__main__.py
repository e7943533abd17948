"""Generate src/rustdock/knowledge/natives-debian.tsv: crate -> the Debian packages its build and its binary need."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from .crate_list import read_crate_list
from .crate_source import read_crate
from .debian_index import SuiteIndex, build_index, open_text
from .derive import coverage, derive_rows, format_tsv
from .fetch import ROOT, crate_sources, fetch_indexes

DEFAULT_SUITES = ("bookworm", "trixie")


def _pairs(values: list[str], option: str) -> dict[str, Path]:
    pairs = {}
    for value in values:
        suite, sep, path = value.partition("=")
        if not sep:
            raise SystemExit(f"natives-debian: {option} takes SUITE=FILE, not {value!r}")
        pairs[suite] = Path(path)
    return pairs


def load_index(suite: str, packages: dict[str, Path], contents: dict[str, Path]) -> SuiteIndex:
    """The suite's index from the files given for it, else from the mirror."""
    if suite in packages and suite in contents:
        packages_file, contents_file = packages[suite], contents[suite]
    else:
        packages_file, contents_file = fetch_indexes(suite)
    return build_index(suite, "".join(open_text(packages_file)), open_text(contents_file))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suite", action="append", help="a Debian suite (repeatable; default bookworm, trixie)")
    parser.add_argument("--output", default=str(ROOT / "src/rustdock/knowledge/natives-debian.tsv"))
    parser.add_argument("--crates", default=str(ROOT / "scripts/natives-crates.txt"),
                        help="the crate list, with its hints")
    parser.add_argument("--packages", action="append", default=[], metavar="SUITE=FILE",
                        help="a Packages index to read instead of the mirror's (plain, .gz or .xz)")
    parser.add_argument("--contents", action="append", default=[], metavar="SUITE=FILE",
                        help="a Contents index to read instead of the mirror's (plain or .gz)")
    parser.add_argument("--crate-sources", metavar="DIR", help="unpacked crates <crate>-<version>/ instead of cargo")
    parser.add_argument("--date", default=datetime.date.today().isoformat(), help="the date the header records")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    suites = args.suite or list(DEFAULT_SUITES)
    packages, contents = _pairs(args.packages, "--packages"), _pairs(args.contents, "--contents")
    hints = read_crate_list(Path(args.crates))
    crates = [read_crate(folder) for folder in crate_sources(args.crate_sources, hints)]
    rows = derive_rows([load_index(suite, packages, contents) for suite in suites], crates, hints)
    Path(args.output).write_text(format_tsv(rows, suites, args.date), encoding="utf-8")
    for (suite, kind), count in sorted(coverage(rows).items()):
        print(f"natives-debian: {suite}: {count} crates from {kind}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

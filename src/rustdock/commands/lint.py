"""The `rustdock lint` command: parse arguments, lint, print the report, exit."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from rustdock.errors import RustdockError
from rustdock.lint.engine import at_or_above, dockerfiles, lint_file
from rustdock.lint.report import format_findings
from rustdock.lint.rules.catalogue import Severity


class Format(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"


class Threshold(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


def lint(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Dockerfiles, or directories to take `Dockerfile`, `*.Dockerfile` and `Dockerfile.*` from.",
            show_default=False,
        ),
    ],
    output_format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.text,
    fail_on: Annotated[
        Threshold, typer.Option("--fail-on", help="Exit 1 when a finding of this severity or worse is found.")
    ] = Threshold.error,
    context: Annotated[
        Path | None,
        typer.Option(
            "--context",
            help="Build context for .dockerignore, Cargo.lock and .cargo/config.toml "
            "(default: each Dockerfile's directory).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Find the cache-mount trap and cargo-chef pitfalls in Dockerfiles.

    Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 unreadable or unparsable input.
    Silence a rule for one instruction with a comment right above it,
    `# rustdock-lint: ignore=RD001`, or for a whole file with `# rustdock-lint: ignore-file=RD010`.
    """
    try:
        files = dockerfiles(paths)
        findings = [f for path in files for f in lint_file(path, context)]
    except RustdockError as e:
        typer.echo(f"rustdock: error: {e}", err=True)
        raise typer.Exit(e.exit_code) from None
    typer.echo(format_findings(findings, [str(p) for p in files], output_format.value), nl=False)
    if at_or_above(findings, Severity(fail_on.value)):
        raise typer.Exit(1)

"""The command line: parse, call the core, print, exit. Exit codes: 0 ok, 1 stale, 2 bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from rustdock import actions
from rustdock.errors import RustdockError
from rustdock.lint.command import lint as lint_command
from rustdock.render import render

app = typer.Typer(
    name="rustdock",
    help="Turn a Rust project's Cargo.toml into a correct, fast, multi-stage cargo-chef Dockerfile.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

Directory = Annotated[
    Path,
    typer.Argument(help="The Cargo project (workspace root or package); default: the current directory."),
]


def _fail(error: RustdockError) -> None:
    typer.echo(f"rustdock: error: {error}", err=True)
    raise typer.Exit(error.exit_code)


@app.command()
def init(directory: Directory = Path(".")) -> None:
    """Add a config table to Cargo.toml and write the Dockerfile and .dockerignore."""
    try:
        result = actions.init(directory)
    except RustdockError as e:
        _fail(e)
    if result.config_added:
        typer.echo(f"Cargo.toml: added [{result.config_added}]")
    else:
        typer.echo("Cargo.toml: kept the existing rustdock config")
    _report(result.written)
    for update in result.left_alone:
        typer.echo(
            f"{update.path.name}: left untouched ({update.state.value}); "
            "`rustdock generate --force` replaces it and keeps a .bak copy"
        )


@app.command()
def generate(
    directory: Directory = Path("."),
    force: Annotated[
        bool, typer.Option("--force", help="Also replace hand-edited or foreign files (a .bak copy is kept).")
    ] = False,
) -> None:
    """Regenerate the Dockerfile and .dockerignore after Cargo.toml, binaries or config changed."""
    try:
        written = actions.generate(directory, force=force)
    except RustdockError as e:
        _fail(e)
    _report(written)
    if not written:
        typer.echo("Up to date.")


@app.command()
def check(directory: Directory = Path(".")) -> None:
    """Exit 1 with a diff when the Dockerfile or .dockerignore is not what `generate` would write."""
    try:
        stale = actions.check(directory)
    except RustdockError as e:
        _fail(e)
    for update in stale:
        typer.echo(update.diff(), nl=False)
        typer.echo(f"rustdock: {update.path.name} is {update.state.value}: {'; '.join(update.changes)}", err=True)
    if stale:
        typer.echo("rustdock: run `rustdock generate` to update", err=True)
        raise typer.Exit(1)
    typer.echo("Up to date.")


@app.command()
def plan(
    directory: Directory = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole plan as JSON.")] = False,
) -> None:
    """Show what rustdock decided: images, Rust version, binaries, cargo flags, cache mounts."""
    try:
        build_plan = render(directory).plan
    except RustdockError as e:
        _fail(e)
    if as_json:
        typer.echo(json.dumps(build_plan.to_json(), indent=2))
        return
    typer.echo(f"chef image:    {build_plan.chef_image}")
    typer.echo(f"runtime image: {build_plan.runtime_image} ({build_plan.runtime}, user {build_plan.user})")
    typer.echo(f"rust version:  {build_plan.rust_version} (from {build_plan.rust_version_source})")
    typer.echo(f"cargo flags:   {' '.join(build_plan.cargo_flags)}")
    typer.echo("binaries:")
    for choice in build_plan.binaries:
        mark = "+" if choice.selected else "-"
        typer.echo(f"  {mark} {choice.name} ({choice.package}, {choice.path}): {choice.reason}")
    typer.echo("images (docker build --target STAGE):")
    for image in build_plan.images:
        default = "  [default]" if image is build_plan.primary else ""
        typer.echo(f"  {image.stage}: runs {image.installed_at}{default}")


def _report(written: list[actions.Written]) -> None:
    for item in written:
        typer.echo(f"{item.path.name}: {'; '.join(item.changes)}")
        if item.backup:
            typer.echo(f"{item.path.name}: previous version kept as {item.backup.name}")


app.command("lint")(lint_command)


def main() -> None:
    app()


def cargo_main() -> None:
    """Entry point for `cargo rustdock ...`: cargo passes the subcommand name as the first argument."""
    if len(sys.argv) > 1 and sys.argv[1] == "rustdock":
        del sys.argv[1]
    app(prog_name="cargo rustdock")

"""The command line: parse, call the core, print, exit. Exit codes: 0 ok, 1 stale, 2 bad input."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import Annotated, Any

import typer

from rustdock.commands import actions
from rustdock.commands.lint import lint as lint_command
from rustdock.decide.system import CA_BUNDLE
from rustdock.errors import RustdockError, one_line
from rustdock.format.render import render
from rustdock.settings.config import BY_KEY, SETTINGS

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


Set = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="KEY=VALUE",
        help="Override a setting for this run, above every config layer (a TOML value or a bare string).",
        show_default=False,
    ),
]


def _overrides(pairs: list[str] | None) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise RustdockError(f"--set {pair!r}: expected KEY=VALUE")
        try:
            value = tomllib.loads(f"value = {raw}")["value"]
        except tomllib.TOMLDecodeError:
            value = raw
        setting = BY_KEY.get(key.strip())
        if setting is not None and setting.kind is list and not isinstance(value, list):
            value = [value]  # `--set expose=8080` for one item
        found[key.strip()] = value
    return found


def _warn(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        typer.echo(f"rustdock: warning: {warning}", err=True)


def _fail(error: RustdockError) -> None:
    typer.echo(f"rustdock: error: {one_line(str(error))}", err=True)
    raise typer.Exit(error.exit_code)



@app.command()
def init(directory: Directory = Path("."), set_: Set = None) -> None:
    """Add a config table to Cargo.toml and write the Dockerfile and .dockerignore."""
    try:
        result = actions.init(directory, _overrides(set_))
    except RustdockError as e:
        _fail(e)
    _warn(result.warnings)
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
    set_: Set = None,
) -> None:
    """Regenerate the Dockerfile and .dockerignore after Cargo.toml, binaries or config changed."""
    try:
        rendering = render(directory, _overrides(set_))
        written = actions.write(rendering, force=force)
    except RustdockError as e:
        _fail(e)
    _warn(rendering.plan.system.warnings)
    _report(written)
    if not written:
        typer.echo("Up to date.")


@app.command()
def check(
    directory: Directory = Path("."),
    strict: Annotated[
        bool, typer.Option("--strict", help="Also exit 1 on a warning: a native crate rustdock has no facts for.")
    ] = False,
    set_: Set = None,
) -> None:
    """Exit 1 with a diff when the Dockerfile or .dockerignore is not what `generate` would write."""
    try:
        rendering = render(directory, _overrides(set_))
        stale = actions.stale(rendering)
    except RustdockError as e:
        _fail(e)
    warnings = rendering.plan.system.warnings
    _warn(warnings)
    for update in stale:
        typer.echo(update.diff(), nl=False)
        typer.echo(f"rustdock: {update.path.name} is {update.state.value}: {'; '.join(update.changes)}", err=True)
    if stale:
        typer.echo("rustdock: run `rustdock generate` to update", err=True)
        raise typer.Exit(1)
    typer.echo("Up to date.")
    if strict and warnings:
        typer.echo(f"rustdock: {len(warnings)} warning{'s' if len(warnings) > 1 else ''} (--strict)", err=True)
        raise typer.Exit(1)


@app.command()
def plan(
    directory: Directory = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole plan as JSON.")] = False,
    set_: Set = None,
) -> None:
    """Show what rustdock decided and why: settings and their layers, templates, binaries, flags."""
    try:
        rendering = render(directory, _overrides(set_))
    except RustdockError as e:
        _fail(e)
    build_plan, settings = rendering.plan, rendering.settings
    _warn(build_plan.system.warnings)
    lookup = settings.template_dirs
    if as_json:
        document = build_plan.to_json() | {
            "settings": {
                s.key: {"value": _value(settings, s),
                        "layer": settings.origin(s.key).name, "source": settings.origin(s.key).source}
                for s in SETTINGS if s.key in _set_keys(settings)
            },
            "template": rendering.template,
            "template_path": [{"layer": d.layer, "path": str(d.path)} for d in lookup],
        }
        typer.echo(json.dumps(document, indent=2))
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
    deps = build_plan.deps
    typer.echo(f"builder from:  cook's layer ({deps.arg}={deps.default}): an empty builder compiles no dependency")
    typer.echo(f"               --build-arg {deps.arg}=cache: nothing; no planner or cook runs (local rebuilds)")
    _echo_system(build_plan)
    typer.echo("settings (lowest layer first: defaults < pack < org < project < command line):")
    for key in _set_keys(settings):
        layer = settings.origin(key)
        value = _value(settings, BY_KEY[key])
        typer.echo(f"  {key} = {json.dumps(value)}  [{layer.name}: {layer.source}]")
    typer.echo(f"template: {rendering.template}")
    typer.echo("template lookup (first match wins; built-ins also as rustdock/<name>):")
    for entry in lookup:
        typer.echo(f"  {entry.layer}: {entry.path}")


def _echo_system(build_plan: Any) -> None:
    """Every system package, variable and file, with what asked for it."""
    system = build_plan.system
    if build_plan.toolchain_install:
        typer.echo(f"toolchain:     rustup {' '.join(build_plan.toolchain_install)} (rust-toolchain file)")
    files = [(c.destination, f"from {c.stage + ':' if c.stage else ''}{c.source}; {c.reason}") for c in system.copies]
    if system.certificates:
        files.append((CA_BUNDLE, f"from chef:{CA_BUNDLE}; {system.certificates}"))
    sections = [
        ("builder packages (apt):", [(p.name, "; ".join(p.reasons)) for p in system.build_packages]),
        (f"runtime packages ({system.runtime_installer}):", [(p.name, "; ".join(p.reasons)) for p in system.runtime_packages]),
        ("build environment:", [(f"{e.name}={e.value}", e.reason) for e in build_plan.build_env]),
        ("runtime environment:", [(f"{e.name}={e.value}", e.reason) for e in system.runtime_env]),
        ("runtime files:", files),
    ]
    for title, rows in sections:
        if rows:
            typer.echo(title)
            for what, why in rows:
                typer.echo(f"  {what}: {why}")
    access = build_plan.access
    if access.tokens:
        typer.echo("registry tokens (BuildKit secrets; `docker build --secret id=ID,env=VARIABLE`):")
        for token in access.tokens:
            typer.echo(f"  {token.registry}: secret {token.secret} → {token.variable}: {token.reason}")
    if access.ssh:
        typer.echo("git over ssh (`docker build --ssh default --secret id=known_hosts,src=$HOME/.ssh/known_hosts`):")
        typer.echo(f"  {access.ssh}")
    if build_plan.bake is not None:
        typer.echo(f"bake:          {build_plan.bake.file} ({build_plan.bake.reason})")
    typer.echo(f"runtime:       workdir {system.runtime_workdir}"
               + (f", exposes {', '.join(system.expose)}" if system.expose else ""))
    for note in system.notes:
        typer.echo(f"note: {note}")


def _value(settings: Any, setting: Any) -> Any:
    value = getattr(settings.config, setting.key.replace("-", "_"))
    return dict(value) if setting.kind is dict else value


def _set_keys(settings: Any) -> list[str]:
    return [s.key for s in SETTINGS if any(s.key in layer.values for layer in settings.layers)]


template_app = typer.Typer(help="Work with the Jinja templates rustdock formats Dockerfiles with.", no_args_is_help=True)
app.add_typer(template_app, name="template")


@template_app.command("export")
def template_export(
    destination: Annotated[Path, typer.Argument(help="Folder to write the templates into (must not hold them yet).")],
    pack: Annotated[
        str | None, typer.Option("--pack", help="Export this installed pack's templates instead of the built-ins.")
    ] = None,
) -> None:
    """Write the built-in templates (or a pack's) as a starting point for your own."""
    try:
        written = actions.export_templates(destination, pack)
    except RustdockError as e:
        _fail(e)
    for path in written:
        typer.echo(f"wrote {path}")
    typer.echo('Override blocks in a template that starts with {% extends "rustdock/Dockerfile.j2" %}.')


def _report(written: list[actions.Written]) -> None:
    for item in written:
        typer.echo(f"{item.path.name}: {'; '.join(item.changes)}")
        if item.backup:
            typer.echo(f"{item.path.name}: previous version kept as {item.backup.name}")


app.command("lint")(lint_command)


def run(prog_name: str = "rustdock") -> None:
    """The CLI's one way out: exit 0, 1 or 2, and every error as one line on stderr."""
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 is printed escaped
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        code = app(prog_name=prog_name, standalone_mode=False)
    except typer.TyperException as e:  # usage errors: an unknown option, a bad value, no command
        if type(e).__name__ == "NoArgsIsHelpError":  # `rustdock` alone asks for the help
            typer.echo(e.format_message())
            raise SystemExit(0) from None
        context = getattr(e, "ctx", None)
        hint = f" (see `{context.command_path} --help`)" if context is not None else ""
        typer.echo(f"{prog_name}: error: {one_line(e.format_message())}{hint}", err=True)
        raise SystemExit(getattr(e, "exit_code", 2)) from None
    except typer.Abort:
        raise SystemExit(1) from None
    raise SystemExit(code or 0)


def main() -> None:
    run()

"""Commands: what `rustdock` and `cargo rustdock` do, on top of every phase.

entry.py holds the console entry points (a `check` with nothing to do answers through quick.py,
without the CLI framework, Jinja or the linter), cli.py the thin typer shell, lint.py the
`rustdock lint` command, actions.py what the commands do as functions that return values and
raise RustdockError. May import every layer; nothing imports it.
"""

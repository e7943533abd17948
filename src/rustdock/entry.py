"""The console entry points' old address, `rustdock.entry:main`: scripts installed before they
moved to commands/entry.py (an editable install keeps its scripts) still start. pyproject.toml
names rustdock.commands.entry; this can go once no such install is left."""

from rustdock.commands.entry import cargo_main, main

__all__ = ["cargo_main", "main"]

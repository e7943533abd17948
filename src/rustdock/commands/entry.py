"""Console entry points. A `rustdock check` that finds nothing to do answers without loading the
CLI framework, Jinja or the linter (see quick.py); everything else goes through the full CLI."""

from __future__ import annotations

import gc
import sys
from pathlib import Path


def main() -> None:
    if not _quick_check(sys.argv[1:]):
        from rustdock.commands.cli import run

        run()


def cargo_main() -> None:
    """`cargo rustdock ...`: cargo passes the subcommand's name as the first argument."""
    if len(sys.argv) > 1 and sys.argv[1] == "rustdock":
        del sys.argv[1]
    if not _quick_check(sys.argv[1:]):
        from rustdock.commands.cli import run

        run(prog_name="cargo rustdock")


def _quick_check(args: list[str]) -> bool:
    """Handle `check [DIR]` when it is certainly up to date; False: let the full CLI decide."""
    if not args or args[0] != "check" or len(args) > 2 or any(a.startswith("-") for a in args[1:]):
        return False
    # Importing the planner creates tens of thousands of objects (dataclasses, parsed TOML) and
    # almost no reference cycles: the cyclic collector would only walk them again and again, and
    # once more at exit. About 10 ms of a 100 ms check; the full CLI runs with it as usual.
    gc.disable()
    from rustdock.commands.quick import up_to_date

    if not up_to_date(Path(args[1] if len(args) > 1 else ".")):
        gc.enable()
        return False
    print("Up to date.")
    gc.freeze()  # what is left is not collected at exit either
    return True

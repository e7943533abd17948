"""Read the files rustdock is given so that every failure is one RustdockError naming the file.

A path that is not a regular file (a FIFO would block every command forever), that cannot be
read, that is not UTF-8, or TOML that is invalid or nested deeper than the parser can follow
ends here in one line — never in a traceback or a hang. The typed accessors name the key whose
value has the wrong type.
"""

from __future__ import annotations

import os
import stat
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from rustdock.errors import RustdockError


def read_text(path: Path | str) -> str | None:
    """The file's text, or None when there is no file; refuses anything but a regular UTF-8 file."""
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise RustdockError(f"{path}: not a regular file")
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise RustdockError(f"{path}: cannot read: {e.strerror or e}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise RustdockError(f"{path}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})") from None


def load_toml(path: Path | str) -> dict[str, Any]:
    text = read_text(path)
    if text is None:
        raise RustdockError(f"{path}: no such file")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise RustdockError(f"{path}: invalid TOML: {e}") from None
    except RecursionError:
        raise RustdockError(f"{path}: invalid TOML: nested too deeply") from None


def table(value: Any, where: str) -> dict[str, Any]:
    """`value` when it is a TOML table; else the error that names `where`."""
    if not isinstance(value, dict):
        raise RustdockError(f"{where} must be a table, not {kind(value)}")
    return value


def get_table(mapping: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    """`mapping[key]`, a table, or an empty one when the key is absent."""
    return table(mapping.get(key, {}), f"{where}: {key}" if where else key)


def get_string(mapping: dict[str, Any], key: str, where: str) -> str | None:
    value = mapping.get(key)
    if value is not None and not isinstance(value, str):
        raise RustdockError(f"{where}: {key} must be a string, not {kind(value)}")
    return value


def kind(value: Any) -> str:
    """A TOML value's type, as the TOML spec names it."""
    names = ((bool, "a boolean"), (str, "a string"), (int, "an integer"), (float, "a float"), (list, "an array"),
             (dict, "a table"), (datetime, "a date-time"), (date, "a date"), (time, "a time"))
    return next((name for cls, name in names if isinstance(value, cls)), type(value).__name__)

"""Read the files rustdock is given so that every failure is one RustdockError naming the file.

A path that is not a regular file (a FIFO would block every command forever), that cannot be
read, that is not UTF-8, or TOML that is invalid or nested deeper than the parser can follow
ends here in one line — never in a traceback or a hang. The typed accessors name the key whose
value has the wrong type.
"""

from __future__ import annotations

import errno
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


# Path.is_file and Path.is_dir without Path objects (the readers run them for every member and
# binary of a workspace). What they take for "not there" rather than an error (pathlib's _IGNORED_ERRNOS):
_ABSENT = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def file_mode(path: str) -> int | None:
    """os.stat(path).st_mode, or None where Path.is_file would say "not there"."""
    try:
        return os.stat(path).st_mode
    except OSError as e:
        if e.errno not in _ABSENT:
            raise
        return None
    except ValueError:  # not representable as a file name
        return None


def is_file(path: str) -> bool:
    """Path(path).is_file(), to the same errors."""
    mode = file_mode(path)
    return mode is not None and stat.S_ISREG(mode)


def is_dir(path: str) -> bool:
    """Path(path).is_dir(), to the same errors."""
    mode = file_mode(path)
    return mode is not None and stat.S_ISDIR(mode)


def normalize_path(path: str) -> str:
    """A relative path as Cargo compares them: normalized, with `/`."""
    return os.path.normpath(path).replace(os.sep, "/")

"""What the project root says about the toolchain and the build, beside Cargo.toml:
rust-toolchain(.toml) and .cargo/config(.toml), both of which cargo-chef copies into the recipe."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from rustdock.errors import RustdockError


def load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise RustdockError(f"{path}: no such file") from None
    except tomllib.TOMLDecodeError as e:
        raise RustdockError(f"{path}: invalid TOML: {e}") from None


SAFE_PATH = re.compile(r"\A/?[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*/?\Z")
SAFE_TRIPLE = re.compile(r"\A[a-z0-9_]+(?:-[a-z0-9_.]+){1,4}\Z")


def build_config(root: Path) -> dict[str, Any]:
    """`build.target-dir` and `build.target` from the root's .cargo/config(.toml), which cargo-chef copies too."""
    for name in ("config.toml", "config"):
        path = root / ".cargo" / name
        if path.is_file():
            build = load_toml(path).get("build", {})
            break
    else:
        return {}
    found: dict[str, Any] = {}
    target_dir = build.get("target-dir")
    if target_dir is not None:
        if not isinstance(target_dir, str) or not SAFE_PATH.match(target_dir) or ".." in target_dir.split("/"):
            raise RustdockError(f"{path}: build.target-dir {target_dir!r} is not a plain path rustdock can use")
        found["target_dir"] = target_dir.rstrip("/")
    target = build.get("target")
    if isinstance(target, list):
        if len(target) != 1:
            raise RustdockError(f"{path}: build.target lists several targets; rustdock builds for one")
        target = target[0]
    if target is not None:
        if not isinstance(target, str) or not SAFE_TRIPLE.match(target):
            raise RustdockError(f"{path}: build.target {target!r} is not a target triple")
        found["build_target"] = target
    return found


def toolchain_channel(root: Path) -> str | None:
    """The channel a rust-toolchain(.toml) file at the root pins, as rustup reads it."""
    for name in ("rust-toolchain", "rust-toolchain.toml"):
        path = root / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            # The legacy one-line format: just the channel.
            line = text.strip()
            if not line or "\n" in line:
                raise RustdockError(f"{path}: neither TOML nor a one-line channel") from None
            return line
        channel = data.get("toolchain", {}).get("channel")
        if channel is not None and not isinstance(channel, str):
            raise RustdockError(f"{path}: toolchain.channel must be a string")
        return channel
    return None

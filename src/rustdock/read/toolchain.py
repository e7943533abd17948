"""What the project root says about the toolchain and the build, beside Cargo.toml:
rust-toolchain(.toml) and .cargo/config(.toml), both of which cargo-chef copies into the recipe."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rustdock.errors import RustdockError
from rustdock.read.readers import get_table, load_toml, read_text


SAFE_PATH = re.compile(r"\A/?[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*/?\Z")
SAFE_TRIPLE = re.compile(r"\A[a-z0-9_]+(?:-[a-z0-9_.]+){1,4}\Z")
SAFE_NAME = re.compile(r"\A[A-Za-z0-9_][A-Za-z0-9_.-]*\Z")  # a component, target or profile


# Cargo prefers .cargo/config when both exist (the Cargo book), as cargo-chef's recipe does.
CARGO_CONFIG_NAMES = ("config", "config.toml")


def read_cargo_config(root: Path) -> tuple[Path, dict[str, Any]] | None:
    """The root's .cargo/config or .cargo/config.toml, parsed, with its path; None when there is none."""
    for name in CARGO_CONFIG_NAMES:
        path = root / ".cargo" / name
        if path.is_file():
            return path, load_toml(path)
    return None


def build_config(root: Path) -> dict[str, Any]:
    """The root's .cargo/config(.toml), which cargo-chef copies too: the whole table, and
    `build.target-dir` and `build.target` read from it."""
    found_config = read_cargo_config(root)
    if found_config is None:
        return {}
    path, config = found_config
    found: dict[str, Any] = {"cargo_config": config, "cargo_config_path": str(path)}
    build = get_table(config, "build", str(path))
    get_table(config, "env", str(path))
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


@dataclass(frozen=True)
class Toolchain:
    """What a rust-toolchain(.toml) file at the root asks rustup for."""

    channel: str | None
    components: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    profile: str | None = None


def toolchain_file(root: Path) -> Toolchain | None:
    """The toolchain a rust-toolchain(.toml) file at the root pins, as rustup reads it."""
    for name in ("rust-toolchain", "rust-toolchain.toml"):
        path = root / name
        if not path.is_file():
            continue
        text = read_text(path)
        if text is None:
            continue
        try:
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, RecursionError):
            # The legacy one-line format: just the channel.
            line = text.strip()
            if not line or "\n" in line:
                raise RustdockError(f"{path}: neither TOML nor a one-line channel") from None
            return Toolchain(line)
        table = get_table(data, "toolchain", str(path))
        channel = table.get("channel")
        if channel is not None and not isinstance(channel, str):
            raise RustdockError(f"{path}: toolchain.channel must be a string")
        lists = {}
        for key in ("components", "targets"):
            value = table.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and SAFE_NAME.match(v) for v in value):
                raise RustdockError(f"{path}: toolchain.{key} must be a list of names")
            lists[key] = tuple(value)
        profile = table.get("profile")
        if profile is not None and (not isinstance(profile, str) or not SAFE_NAME.match(profile)):
            raise RustdockError(f"{path}: toolchain.profile must be minimal, default or complete")
        return Toolchain(channel, lists["components"], lists["targets"], profile)
    return None

"""Property-based tests: whatever the manifests, layouts, settings and bytes, rustdock either
works or ends in exit 2 with one line — never a traceback — and writes nothing when it fails.

A few hundred examples a run (HYPOTHESIS_PROFILE=ci, the default); HYPOTHESIS_PROFILE=long for
thousands, locally.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomlkit
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rustdock.commands import actions
from rustdock.errors import RustdockError
from rustdock.format.render import render
from rustdock.settings.config import SETTINGS

PACKAGE = {"name": "app", "version": "0.1.0", "edition": "2021"}
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text with what breaks parsers and Dockerfiles: newlines, quotes, `$`, backslashes, odd unicode.
texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12) | st.sampled_from(
    ["", ".", "..", "/", "../..", "a\nRUN id", "x,target=/", "$(id)", "\\", '"', "app", "src/main.rs", "*", "crates/*",
     "release", "x86_64-unknown-linux-gnu", "1.95", "nightly", "debian-slim", "/app", "10001:10001"]
)
scalars = st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False, allow_infinity=False) | texts
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
                      max_leaves=6)
# Where a wrong value hurts: every key rustdock reads.
PATHS = [
    ("package", "name"), ("package", "edition"), ("package", "rust-version"), ("package", "autobins"),
    ("package", "default-run"), ("package", "metadata"), ("package", "metadata", "rustdock"), ("package", "workspace"),
    ("workspace",), ("workspace", "members"), ("workspace", "exclude"), ("workspace", "default-members"),
    ("workspace", "dependencies"), ("workspace", "package"), ("workspace", "metadata"), ("bin",), ("features",),
    ("dependencies",), ("dependencies", "dep"), ("build-dependencies",), ("target",), ("lib",),
] + [("package", "metadata", "rustdock", s.key) for s in SETTINGS]


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


def listing(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def toml(document: dict[str, Any]) -> str:
    try:
        return tomlkit.dumps(document)
    except Exception:  # a shape TOML cannot hold (a key of control characters, say): not an input
        assume(False)
        raise


def assert_fails_cleanly(files: dict[str, str | bytes], action: Callable[[Path], Any] = actions.generate) -> None:
    """The property: success, or one RustdockError line and every file as it was."""
    with tempfile.TemporaryDirectory() as folder:
        root = write_tree(Path(folder), files)
        before = listing(root)
        try:
            action(root)
        except RustdockError as e:
            assert "\n" not in str(e) and e.exit_code == 2, str(e)
            assert listing(root) == before


def set_path(document: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        child = document.get(key)
        if not isinstance(child, dict):
            child = document[key] = {}
        document = child
    document[path[-1]] = value


@FUZZ
@given(edits=st.lists(st.tuples(st.sampled_from(PATHS), values), min_size=1, max_size=4),
       action=st.sampled_from([actions.generate, actions.init, actions.check, render]))
def test_wrong_values_anywhere_in_the_manifest(edits: list[tuple[tuple[str, ...], Any]], action: Callable) -> None:
    document: dict[str, Any] = {"package": dict(PACKAGE)}
    for path, value in edits:
        set_path(document, path, value)
    assert_fails_cleanly({"Cargo.toml": toml(document), "src/main.rs": "fn main() {}\n"}, action)


@FUZZ
@given(data=st.data(), name=st.sampled_from(["Cargo.toml", "Cargo.lock", "rust-toolchain.toml", "rust-toolchain",
                                             ".cargo/config.toml", "Dockerfile", ".dockerignore"]))
def test_bytes_no_parser_expects(data: st.DataObject, name: str) -> None:
    """A valid tree with one file replaced by arbitrary bytes, or a valid file with bytes spliced in."""
    base = tomlkit.dumps({"package": PACKAGE})
    original = {"Cargo.toml": base, "Cargo.lock": 'version = 4\n\n[[package]]\nname = "app"\nversion = "0.1.0"\n'}
    text = original.get(name, "").encode()
    where = data.draw(st.integers(0, len(text)))
    spliced = data.draw(st.binary(max_size=16) | st.sampled_from([b"\xff", b"\x00", b"[[", b"\n[package]\n"]))
    content = text[:where] + spliced + text[where:] if data.draw(st.booleans()) else data.draw(st.binary(max_size=64))
    files: dict[str, str | bytes] = {**original, "src/main.rs": "fn main() {}\n", name: content}
    assert_fails_cleanly(files, data.draw(st.sampled_from([actions.generate, actions.init, actions.check])))


@FUZZ
@given(config=st.dictionaries(st.sampled_from([s.key for s in SETTINGS] + ["nope"]), values, max_size=4),
       cargo_config=st.dictionaries(st.sampled_from(["build", "target", "env", "registries"]), values, max_size=2),
       toolchain=st.dictionaries(st.sampled_from(["toolchain"]), values, max_size=1))
def test_wrong_org_config_cargo_config_and_toolchain_file(config: dict, cargo_config: dict, toolchain: dict) -> None:
    with tempfile.TemporaryDirectory() as org:
        org_file = Path(org) / "org.toml"
        org_file.write_text(toml(config))
        previous = os.environ.get("RUSTDOCK_CONFIG")
        os.environ["RUSTDOCK_CONFIG"] = str(org_file)
        try:
            assert_fails_cleanly({
                "Cargo.toml": tomlkit.dumps({"package": PACKAGE}), "src/main.rs": "fn main() {}\n",
                ".cargo/config.toml": toml(cargo_config), "rust-toolchain.toml": toml(toolchain),
            })
        finally:
            if previous is None:
                del os.environ["RUSTDOCK_CONFIG"]
            else:
                os.environ["RUSTDOCK_CONFIG"] = previous


members = st.lists(texts | st.sampled_from(["crates/*", "crates/a", "../outside", "/abs", "crates/**", "a/../b"]),
                   max_size=3)


@FUZZ
@given(members=members, exclude=members, default=members,
       dirs=st.lists(st.sampled_from(["crates/a", "crates/b", "crates/.hidden", "b", "outside/x"]), max_size=4),
       names=st.lists(texts, min_size=4, max_size=4))
def test_workspace_layouts(members: list, exclude: list, default: list, dirs: list, names: list) -> None:
    files: dict[str, str | bytes] = {"Cargo.toml": toml({"workspace": {
        "members": members, "exclude": exclude, "default-members": default}})}
    for directory, name in zip(dirs, names):
        files[f"{directory}/Cargo.toml"] = toml({"package": PACKAGE | {"name": name}})
        files[f"{directory}/src/main.rs"] = "fn main() {}\n"
    assert_fails_cleanly(files)

"""Cargo's `[target.<spec>]` keys for one triple: rustc is the oracle for the facts, a table of
specs for the logic (three-valued all/any/not, malformed input, bounded depth)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from rustdock.knowledge.cfg import MAX_DEPTH, MAX_LENGTH, TARGET_CFG, matches

GNU = "x86_64-unknown-linux-gnu"
UNKNOWN = "riscv64gc-unknown-linux-gnu"


def rustc_cfg(triple: str) -> list[str]:
    """`rustc --print cfg --target <triple>`; it needs no installed target, only rustc."""
    if shutil.which("rustc") is None:
        pytest.skip("rustc is not installed")
    result = subprocess.run(
        ["rustc", "--print", "cfg", "--target", triple], capture_output=True, text=True, timeout=60
    )
    if result.returncode != 0:
        pytest.skip(f"rustc does not know {triple}: {result.stderr.strip()}")
    return result.stdout.splitlines()


def as_spec(line: str) -> str:
    name, eq, value = line.partition("=")
    return f"cfg({name} = {value})" if eq else f"cfg({name})"


@pytest.mark.parametrize("triple", sorted(TARGET_CFG))
def test_every_line_rustc_prints_matches(triple: str) -> None:
    for line in rustc_cfg(triple):
        assert matches(as_spec(line), triple) is True, f"rustc prints {line} for {triple}: update TARGET_CFG"


@pytest.mark.parametrize("triple", sorted(TARGET_CFG))
def test_values_rustc_does_not_print_do_not_match(triple: str) -> None:
    printed = set(rustc_cfg(triple))
    others = {line for lines in TARGET_CFG.values() for line in lines} - printed
    others |= {'target_os="windows"', 'target_family="wasm"', 'target_env="msvc"', 'target_arch="arm"',
               'target_pointer_width="32"', 'target_endian="big"', 'panic="abort"', "windows", "test"}
    for line in sorted(others - printed):
        assert matches(as_spec(line), triple) is False, f"rustc does not print {line} for {triple}"


@pytest.mark.parametrize(
    "spec, triple, expected",
    [
        # a plain triple applies to itself only, whether or not the facts know it
        (GNU, GNU, True),
        ("aarch64-unknown-linux-gnu", GNU, False),
        (UNKNOWN, UNKNOWN, True),
        (GNU, UNKNOWN, False),
        # names and pairs
        ("cfg(unix)", GNU, True),
        ("cfg( unix )", GNU, True),
        ("cfg(r#unix)", GNU, True),
        ("cfg(windows)", GNU, False),
        ("cfg(test)", GNU, False),  # Cargo asks rustc without --test
        ("cfg(debug_assertions)", GNU, True),  # ... and without the profile's flags (cargo#7634)
        ('cfg(target_os = "linux")', GNU, True),
        ('cfg(target_env="musl")', GNU, False),
        ('cfg(target_env = "musl")', "aarch64-unknown-linux-musl", True),
        ('cfg(target_abi = "")', GNU, True),
        # all / any / not, three-valued
        ('cfg(all(unix, target_arch = "x86_64"))', GNU, True),
        ('cfg(all(unix, target_arch = "aarch64"))', GNU, False),
        ('cfg(any(windows, target_pointer_width = "64"))', GNU, True),
        ("cfg(not(windows))", GNU, True),
        ("cfg(all())", GNU, True),
        ("cfg(any())", GNU, False),
        ("cfg(not(any()))", GNU, True),
        ("cfg(all(unix,))", GNU, True),
        ("cfg(true)", UNKNOWN, True),
        ("cfg(false)", GNU, False),
        ('cfg(any(unix, feature = "x"))', GNU, True),
        ('cfg(all(windows, feature = "x"))', GNU, False),
        ('cfg(all(unix, feature = "x"))', GNU, None),
        ('cfg(any(windows, feature = "x"))', GNU, None),
        ('cfg(not(feature = "x"))', GNU, None),
        # what rustdock cannot know
        ('cfg(feature = "x")', GNU, None),
        ("cfg(tokio_unstable)", GNU, None),  # a --cfg that RUSTFLAGS may set
        ('cfg(target_has_atomic_load_store = "8")', GNU, None),  # a key it has no facts for
        ("cfg(unix)", UNKNOWN, None),
        # malformed: Cargo lets such a table apply to nothing; rustdock says it cannot tell
        ("cfg(unix", GNU, None),
        ("cfg()", GNU, None),
        ("cfg(unix windows)", GNU, None),
        ("cfg(unix, windows)", GNU, None),
        ("cfg(target_os = linux)", GNU, None),
        ('cfg(target_os = "linux)', GNU, None),
        ("cfg(not(unix,))", GNU, None),
        ("cfg(not(unix, windows))", GNU, None),
        ("cfg(all(unix)))", GNU, None),
        ("cfg(=)", GNU, None),
        ("cfg(unix$)", GNU, None),
        ("foo bar", GNU, None),
        ("", GNU, None),
    ],
)
def test_matches(spec: str, triple: str, expected: bool | None) -> None:
    assert matches(spec, triple) is expected


def test_nesting_is_bounded() -> None:
    def nested(depth: int) -> str:
        return "cfg(" + "not(" * depth + "unix" + ")" * depth + ")"

    assert matches(nested(MAX_DEPTH), GNU) is True  # an even number of nots
    assert matches(nested(MAX_DEPTH + 1), GNU) is None
    assert matches(nested(100_000), GNU) is None  # refused, not a RecursionError
    assert matches("cfg(" + "all(" * 1000 + ")" * 1000 + ")", GNU) is None


def test_long_or_odd_input_is_refused_quickly() -> None:
    assert matches("cfg(any(" + "unix," * MAX_LENGTH + "))", GNU) is None
    assert matches('cfg(target_os = "' + "a" * (MAX_LENGTH - 40) + ")", GNU) is None
    assert matches(None, GNU) is None  # type: ignore[arg-type]
    assert matches("cfg(unix)", ["x86_64-unknown-linux-gnu"]) is None  # type: ignore[arg-type]

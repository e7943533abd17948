"""Which linker tools a project's .cargo/config.toml asks for, and the Debian packages that provide them.

Cargo's rules (the Cargo book, "Configuration"; each checked with `cargo build -v`, cargo 1.95):
`target.<triple>.linker` wins over `target.<cfg>.linker`, and more than one matching `<cfg>` linker
is an error; the rustflags of the matching `target.<triple>` and every matching `target.<cfg>` are
joined, and `build.rustflags` applies only when they are empty; a rustflags value is an array or a
string split on whitespace; `-C linker=` in rustflags wins over the linker setting (rustc takes the
last). cargo-chef copies the file into its recipe, so `cargo chef cook` already links with all of it.

A program rustdock does not know (`aarch64-linux-gnu-gcc`, a wrapper script) is left out: which
package holds it cannot be guessed, so the project's own install has to provide it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rustdock.errors import RustdockError
from rustdock.knowledge.cfg import matches

# Programs (a linker setting, a `-fuse-ld=` name, an `--ld-path=` basename) → the tool, and the
# Debian bookworm package that puts it on PATH; None: every Rust builder image already has it.
TOOLS: tuple[tuple[re.Pattern[str], str, str | None], ...] = tuple(
    (re.compile(pattern), tool, package)
    for pattern, tool, package in (
        (r"clang", "clang", "clang"),  # /usr/bin/clang: package clang, which pulls clang-14 (dpkg -S, apt-cache policy)
        (r"clang-([0-9]+)", "clang", r"clang-\1"),  # /usr/bin/clang-NN: package clang-NN (bookworm: 13 to 16)
        (r"(?:ld\.)?lld", "lld", "lld"),  # /usr/bin/ld.lld and /usr/bin/lld: package lld, which pulls lld-14 (dpkg -S)
        (r"(?:ld\.)?lld-([0-9]+)", "lld", r"lld-\1"),  # ld.lld-NN: package lld-NN (bookworm: 13 to 16)
        (r"(?:ld\.)?mold", "mold", "mold"),  # package mold, 1.10.1 on bookworm (apt-cache policy mold)
        (r"ld|(?:ld\.)?(?:bfd|gold)", "ld", None),  # binutils, which gcc depends on (dpkg -S /usr/bin/ld.gold)
        (r"cc|gcc|gcc-[0-9]+|x86_64-linux-gnu-gcc(?:-[0-9]+)?", "gcc", None),  # rust:* images hold gcc (BRIEF.md)
        (r"rust-lld", "rust-lld", None),  # ships with the toolchain; rustc puts its bin dir on the linker's PATH
    )
)
# Triples whose rustc links through its own rust-lld by default (Rust 1.90 release notes): rustc
# hands cc `-B<sysroot>/lib/rustlib/<host>/bin/gcc-ld`, so cc's `-fuse-ld=lld` finds the toolchain's
# ld.lld first. Checked with rustc 1.95: `readelf -p .comment` names "LLD 22.1.2", not Debian's LLD 14.
# Only when the linker is cc itself: naming gcc or clang makes rustc pick a flavor without it (same check).
SELF_CONTAINED_LLD = {"x86_64-unknown-linux-gnu": (1, 90)}
DEFAULT_DRIVERS = frozenset({None, "cc"})  # rustc's default linker for linux-gnu targets is `cc`
OFF = frozenset({"n", "no", "off", "false", "-linker"})  # -C link-self-contained values that disable it
ON = frozenset({"y", "yes", "on", "true", "+linker"})
DEFAULT_PATH = ".cargo/config.toml"
BARE_KEY = re.compile(r"\A[A-Za-z0-9_-]+\Z")  # a TOML bare key


@dataclass(frozen=True)
class LinkerNeed:
    """A program the link step runs that the builder image lacks."""

    tool: str  # "clang", "lld", "mold"
    packages: tuple[str, ...]  # Debian packages that provide it: ("clang",), ("lld",), ("mold",)
    setting: str  # where it was asked for, e.g. 'build.rustflags: -C link-arg=-fuse-ld=lld'


@dataclass(frozen=True)
class _Flag:
    option: str  # "-C"/"-Z" option without its prefix: "link-arg=-fuse-ld=lld"
    unstable: bool  # -Z rather than -C
    setting: str


def linker_needs(
    cargo_config: Mapping[str, Any],
    triple: str,
    path: str | Path = DEFAULT_PATH,
    *,
    rust_version: str | None = None,
    environment: Mapping[str, str] | None = None,
) -> tuple[LinkerNeed, ...]:
    """The tools a build for `triple` links with that the builder lacks, one per tool, in the order asked.

    `rust_version` ("1.95", "1", "stable"; None: unknown) decides whether the toolchain's own lld
    serves `-fuse-ld=lld`. `environment` is the build's: Cargo's variables in it replace settings
    of the file (RUSTFLAGS, CARGO_ENCODED_RUSTFLAGS, CARGO_BUILD_RUSTFLAGS, CARGO_TARGET_<TRIPLE>_*).
    Raises RustdockError, naming the file and key, when a value has the wrong type.
    """
    config = _mapping(cargo_config, "", path)
    env = _Environment(environment or {}, triple)
    linker = env.linker() or _linker(config, triple, path)
    flags = _flags(_rustflags(config, triple, path, env))
    for flag in flags:
        key, _, value = flag.option.partition("=")
        if not flag.unstable and key == "linker":
            linker = (value, flag.setting)
    driver = _basename(linker[0]) if linker else None
    self_contained = _self_contained(flags, triple, rust_version)
    needs = [_need(driver, linker[1])] if linker else []
    for flag in flags:
        for program in _programs(flag):
            if program == "lld" and self_contained and driver in DEFAULT_DRIVERS:
                continue  # the toolchain's gcc-ld/ld.lld answers it
            needs.append(_need(program, flag.setting))
    found: dict[str, LinkerNeed] = {}
    for need in needs:
        if need is not None:
            found.setdefault(need.tool, need)
    return tuple(found.values())


def rustflags(
    cargo_config: Mapping[str, Any], triple: str, path: str | Path = DEFAULT_PATH, *,
    environment: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """The rustflags Cargo passes for `triple`: the file's, or the environment's that replace them."""
    config = _mapping(cargo_config, "", path)
    return tuple(flag for _, flag in _rustflags(config, triple, path, _Environment(environment or {}, triple)))


def _linker(config: Mapping[str, Any], triple: str, path: str | Path) -> tuple[str, str] | None:
    """The linker setting Cargo passes as `-C linker`, with the setting for messages."""
    found = []
    for spec, table, applies in _target_tables(config, triple, path):
        value = table.get("linker")
        key = f"target.{_key(spec)}.linker"
        if value is not None and not isinstance(value, str):
            raise RustdockError(f"{path}: {key} must be a string, not {_kind(value)}")
        if value is None or applies is not True:
            continue  # a table that may not apply: rustdock does not guess
        if spec == triple:
            return value, f"{key} = {json.dumps(value)}"
        found.append((value, f"{key} = {json.dumps(value)}"))
    if len(found) > 1:
        raise RustdockError(
            f"{path}: several target.'cfg(..)'.linker settings match {triple} "
            f"({'; '.join(s for _, s in found)}); Cargo refuses that too"
        )
    return found[0] if found else None


def _rustflags(
    config: Mapping[str, Any], triple: str, path: str | Path, env: _Environment
) -> list[tuple[str, str]]:
    """The rustflags Cargo passes for `triple`, each with the key it came from."""
    replaced = env.rustflags()
    if replaced is not None:
        return replaced
    joined = env.target_rustflags() or []
    uncertain = False
    for spec, table, applies in _target_tables(config, triple, path):
        key = f"target.{_key(spec)}.rustflags"
        flags = [(key, f) for f in _string_list(table.get("rustflags"), key, path)]
        if spec == triple and env.target_rustflags() is not None:
            continue  # CARGO_TARGET_<TRIPLE>_RUSTFLAGS replaced it
        if applies is None and flags:
            uncertain = True  # it may apply, and then build.rustflags would not
        elif applies:
            joined += flags
    if joined or uncertain:
        return joined
    if env.build_rustflags() is not None:
        return env.build_rustflags() or []
    build = _mapping(config.get("build", {}), "build", path)
    return [("build.rustflags", f) for f in _string_list(build.get("rustflags"), "build.rustflags", path)]


@dataclass(frozen=True)
class _Environment:
    """Cargo's environment variables that replace what the file says (the Cargo book, "Configuration":
    environment variables win over config files; RUSTFLAGS and CARGO_ENCODED_RUSTFLAGS over all rustflags)."""

    variables: Mapping[str, str]
    triple: str

    def _get(self, name: str) -> tuple[str, str] | None:
        value = self.variables.get(name)
        return None if value is None else (name, value)

    def _target(self, setting: str) -> str:
        return "CARGO_TARGET_" + re.sub(r"[^A-Za-z0-9]", "_", self.triple).upper() + "_" + setting

    def linker(self) -> tuple[str, str] | None:
        found = self._get(self._target("LINKER"))
        return (found[1], f"{found[0]}={found[1]}") if found else None

    def rustflags(self) -> list[tuple[str, str]] | None:
        """The rustflags of RUSTFLAGS or CARGO_ENCODED_RUSTFLAGS (fields split on 0x1f), which replace all others."""
        encoded = self._get("CARGO_ENCODED_RUSTFLAGS")
        if encoded is not None:
            return [(encoded[0], f) for f in encoded[1].split("\x1f") if f]
        plain = self._get("RUSTFLAGS")
        return None if plain is None else [(plain[0], f) for f in plain[1].split()]

    def target_rustflags(self) -> list[tuple[str, str]] | None:
        found = self._get(self._target("RUSTFLAGS"))
        return None if found is None else [(found[0], f) for f in found[1].split()]

    def build_rustflags(self) -> list[tuple[str, str]] | None:
        found = self._get("CARGO_BUILD_RUSTFLAGS")
        return None if found is None else [(found[0], f) for f in found[1].split()]


def _target_tables(
    config: Mapping[str, Any], triple: str, path: str | Path
) -> list[tuple[str, Mapping[str, Any], bool | None]]:
    """The `[target.<spec>]` tables that apply (True) or may apply (None), the triple's first."""
    targets = _mapping(config.get("target", {}), "target", path)
    found = []
    for spec, table in targets.items():
        applies = matches(spec, triple)
        if applies is not False:
            found.append((spec, _mapping(table, f"target.{_key(spec)}", path), applies))
    return sorted(found, key=lambda entry: entry[0] != triple)


def _flags(words: list[tuple[str, str]]) -> list[_Flag]:
    """The `-C`/`-Z` options among rustflags, in each spelling rustc accepts (`-C x`, `-Cx`, `--codegen=x`)."""
    found = []
    n = 0
    while n < len(words):
        key, word = words[n]
        for prefix, unstable in (("-C", False), ("--codegen", False), ("-Z", True)):
            if word == prefix and n + 1 < len(words):
                n += 1
                found.append(_Flag(words[n][1], unstable, f"{key}: {word} {words[n][1]}"))
            elif word.startswith(prefix + "=" if prefix.startswith("--") else prefix) and word != prefix:
                found.append(_Flag(word[len(prefix) :].removeprefix("="), unstable, f"{key}: {word}"))
            else:
                continue
            break
        n += 1
    return found


def _programs(flag: _Flag) -> list[str]:
    """The link programs a flag asks for: `-fuse-ld=` names, `--ld-path=` basenames, `linker-features=+lld`."""
    key, _, value = flag.option.partition("=")
    if key == "linker-features":
        return ["lld"] if "+lld" in value.split(",") else []
    if flag.unstable or key not in ("link-arg", "link-args"):
        return []
    arguments = value.split() if key == "link-args" else [value]
    programs = []
    for argument in arguments:
        for option in ("-fuse-ld=", "--ld-path="):
            if argument.startswith(option):
                programs.append(_basename(argument[len(option) :]))
    return programs


def _self_contained(flags: list[_Flag], triple: str, rust_version: str | None) -> bool:
    """Whether rustc hands cc its own lld: the last flag that says so, else the triple's default."""
    verdict = None
    for flag in flags:
        key, _, value = flag.option.partition("=")
        if key == "link-self-contained" and (value in ON or value in OFF):
            verdict = value in ON
        elif key == "linker-features" and "-lld" in value.split(","):
            verdict = False
    if verdict is not None:
        return verdict
    since = SELF_CONTAINED_LLD.get(triple)
    version = _version(rust_version)
    return since is not None and version is not None and version >= since


def _version(text: str | None) -> tuple[int, int] | None:
    """(major, minor) of a Rust version; a channel or a major-only tag means the newest release."""
    if text is None:
        return None
    if text in ("", "stable", "beta", "nightly", "latest", "1"):
        return (1, 10_000)
    parts = text.split(".")
    if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
        return int(parts[0]), int(parts[1])
    return None


def _need(program: str | None, setting: str) -> LinkerNeed | None:
    for pattern, tool, package in TOOLS:
        match = pattern.fullmatch(program or "")
        if match:
            return LinkerNeed(tool, (match.expand(package),), setting) if package else None
    return None  # a program rustdock does not know: no package can be named for it


def _basename(program: str) -> str:
    return program.rstrip("/").rsplit("/", 1)[-1]


def _mapping(value: Any, key: str, path: str | Path) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        where = f"{key} must be a table" if key else "the file must hold a table"
        raise RustdockError(f"{path}: {where}, not {_kind(value)}")
    return value


def _string_list(value: Any, key: str, path: str | Path) -> list[str]:
    """A rustflags value: an array of strings, or a string split on whitespace."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise RustdockError(f"{path}: {key} must be a string or an array of strings, not {_kind(value)}")


def _key(name: str) -> str:
    """A TOML key as it is written: bare when it can be, else quoted."""
    if BARE_KEY.match(name):
        return name
    return f"'{name}'" if "'" not in name else json.dumps(name)


def _kind(value: Any) -> str:
    for types, name in (
        (bool, "a boolean"), (str, "a string"), (int, "an integer"), (float, "a float"),
        (list, "an array"), (Mapping, "a table"),
    ):
        if isinstance(value, types):
            return name
    return f"a {type(value).__name__}"

"""rustdock's settings: their schema, validation and where they are read from.

Settings live in `[workspace.metadata.rustdock]` or `[package.metadata.rustdock]`. Every string
that can reach the Dockerfile is checked here against a pattern, so no value can smuggle in a
newline, a second instruction or a shell metacharacter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

from rustdock.errors import RustdockError
from rustdock.read.readers import get_table

RUNTIMES = ("debian-slim", "distroless", "scratch", "alpine")

# Patterns for values that end up in the Dockerfile. Anchored with \A...\Z, never `$`, so that
# a trailing newline cannot slip through.
IMAGE = re.compile(r"\A[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:(?::[0-9]+)?/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*"
                   r"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?\Z")
NAME = re.compile(r"\A[A-Za-z0-9_][A-Za-z0-9_-]*\Z")  # bins, packages, profiles
FEATURE = re.compile(r"\A(?:[A-Za-z0-9_][A-Za-z0-9_+.-]*/)?[A-Za-z0-9_][A-Za-z0-9_+.-]*\Z")
TRIPLE = re.compile(r"\A[a-z0-9_]+(?:-[a-z0-9_.]+){1,4}\Z")
VERSION = re.compile(r"\A[0-9]+(?:\.[0-9]+){0,2}\Z")
USER = re.compile(r"\A(?:[0-9]+(?::[0-9]+)?|[a-z_][a-z0-9_-]{0,31}(?::[a-z_][a-z0-9_-]{0,31})?)\Z")
# Each repeated group ends in its one separator: no two ways to match a string, so no backtracking.
ABSPATH = re.compile(r"\A/(?:[A-Za-z0-9_.-]+/)*[A-Za-z0-9_.-]*\Z")
CACHE_ID = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
EXTENDS = re.compile(r"\A[^\n\r\x00]+\Z")  # a pack name or a path; never reaches the Dockerfile
RELPATH = re.compile(r"\A[^\n\r\x00]+\Z")
PACKAGE = re.compile(r"\A[a-z0-9][a-z0-9+.-]*(?:=[A-Za-z0-9.+~:*-]+)?\Z")  # Debian or apk name, `=version` pin
ENV_NAME = re.compile(r"\A[A-Za-z_][A-Za-z0-9_]*\Z")
# Printable, and nothing a Dockerfile's ENV or a shell would interpret: no quote, backslash, `$` or backtick.
ENV_VALUE = re.compile(r"\A[^\x00-\x1f\x7f\"\\$`]*\Z")
PLATFORM = re.compile(r"\Alinux/(?:amd64|arm64)\Z")  # what rustdock knows the Rust target of
PORT = re.compile(r"\A[0-9]{1,5}(?:/(?:tcp|udp|sctp))?\Z")
# `path` or `path:/destination`; a relative path of plain names (`..` is refused where it is checked).
FILE = re.compile(r"\A[A-Za-z0-9_.@+-]+(?:/[A-Za-z0-9_.@+-]+)*/?(?::/(?:[A-Za-z0-9_.@+-]+/)*[A-Za-z0-9_.@+-]*)?\Z")


@dataclass(frozen=True)
class Setting:
    """One config key: its type, default and the sentence `init` and the README show for it."""

    key: str
    kind: type
    default: Any
    help: str
    pattern: re.Pattern[str] | None = None
    choices: tuple[str, ...] = ()
    example: Any = None  # shown commented out by `rustdock init` when there is no default
    project_only: bool = False  # meaningful in Cargo.toml only (a path relative to the manifest)


SETTINGS = (
    Setting("runtime", str, "debian-slim", "Runtime image flavor: debian-slim, distroless, scratch or alpine.",
            choices=RUNTIMES),
    Setting("profile", str, "release", "Cargo profile for both `cargo chef cook` and `cargo build`.",
            NAME),
    Setting("bins", list, None, "Binaries to build (default: those a bare `cargo build` builds).", NAME,
            example=["app"]),
    Setting("exclude-bins", list, (), "Binaries to leave out of the images.", NAME, example=["xtask"]),
    Setting("features", list, (), "Cargo features to enable (`name` or `package/name`).", FEATURE,
            example=["metrics"]),
    Setting("no-default-features", bool, False, "Build without the default features."),
    Setting("all-features", bool, False, "Build with every feature enabled."),
    Setting("target", str, None, "Target triple (default: none; the static flavors pick one).", TRIPLE,
            example="x86_64-unknown-linux-musl"),
    Setting("rust-version", str, None,
            "Rust version of the builder image when no toolchain file or rust-version says it.", VERSION,
            example="1.95"),
    Setting("chef-image", str, None, "Builder image (default: the official cargo-chef image).", IMAGE,
            example="lukemathwalker/cargo-chef:latest-rust-1.95-slim-bookworm"),
    Setting("runtime-image", str, None, "Runtime base image (default: chosen by the flavor).", IMAGE,
            example="debian:bookworm-slim"),
    Setting("user", str, None, "Runtime user as uid[:gid] (default: 10001:10001, distroless's nonroot).",
            USER, example="10001:10001"),
    Setting("workdir", str, "/app", "Build directory inside the builder stages.", ABSPATH),
    Setting("cache-id", str, None, "Prefix of the target cache mount's id (default: the project name).",
            CACHE_ID, example="myapp"),
    Setting("syntax", bool, True, "Start the Dockerfile with `# syntax=docker/dockerfile:1`."),
    Setting("build-packages", list, (), "Debian packages the builder needs beside those rustdock detects.", PACKAGE,
            example=["libudev-dev"]),
    Setting("runtime-packages", list, (), "Packages the runtime image needs beside the detected ones "
            "(apt on debian-slim, apk on alpine).", PACKAGE, example=["curl"]),
    Setting("skip-packages", list, (), "Detected packages to leave out of the builder or the runtime image.",
            PACKAGE, example=["libprotobuf-dev"]),
    Setting("native-packages", dict, (), "Debian packages the builder needs for a native crate rustdock has no "
            "facts for (or wrong ones): `{ foo-sys = [\"libfoo-dev\"] }`; `[]` when it needs none.", PACKAGE,
            example={"foo-sys": ["libfoo-dev"]}),
    Setting("build-env", dict, (), "Environment variables for `cargo chef cook` and `cargo build`.", ENV_VALUE,
            example={"SQLX_OFFLINE": "true"}),
    Setting("runtime-env", dict, (), "Environment variables of the runtime image.", ENV_VALUE,
            example={"RUST_LOG": "info"}),
    Setting("files", list, (), "Files or folders copied into the runtime image, read-only: `path` (to "
            "runtime-workdir/path) or `path:/destination`.", FILE, example=["configuration"]),
    Setting("expose", list, (), "Ports the service listens on (`8080` or `53/udp`).", PORT, example=[8080]),
    Setting("runtime-workdir", str, "/app", "Working directory of the runtime image.", ABSPATH),
    Setting("platforms", list, (), "Platforms the images are built for (`linux/amd64`, `linux/arm64`); "
            "also written into docker-bake.hcl.", PLATFORM, example=["linux/amd64", "linux/arm64"]),
    Setting("bake", bool, None, "Write docker-bake.hcl, which builds every image in one `docker buildx bake` "
            "(default: when there are two or more images).", example=True),
    Setting("public-registries", list, (), "Alternate registries that need no token (no secret is mounted "
            "for them).", NAME, example=["company-mirror"]),
    Setting("tzdata", bool, False, "Put the time zone database into the runtime image."),
    Setting("certificates", bool, None, "Copy the builder's CA bundle into the runtime image and point "
            "SSL_CERT_FILE at it (default: when a crate the binaries link reads the system's CA certificates, "
            "such as openssl-sys, native-tls or rustls-native-certs).", example=True),
    Setting("init", bool, False, "Run the binary under tini, which forwards signals and reaps zombies."),
    Setting("extends", str, None, "A template pack (installed, by name) or a path whose config and "
            "templates this builds on.", EXTENDS, example="acme"),
    Setting("templates", str, None, "Folder of project templates that override the built-in ones "
            "(relative to Cargo.toml).", RELPATH, example="docker/templates", project_only=True),
)
BY_KEY = {s.key: s for s in SETTINGS}


@dataclass(frozen=True)
class Config:
    runtime: str = "debian-slim"
    profile: str = "release"
    bins: tuple[str, ...] | None = None
    exclude_bins: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    no_default_features: bool = False
    all_features: bool = False
    target: str | None = None
    rust_version: str | None = None
    chef_image: str | None = None
    runtime_image: str | None = None
    user: str | None = None
    workdir: str = "/app"
    cache_id: str | None = None
    syntax: bool = True
    build_packages: tuple[str, ...] = ()
    runtime_packages: tuple[str, ...] = ()
    skip_packages: tuple[str, ...] = ()
    native_packages: tuple[tuple[str, tuple[str, ...]], ...] = ()
    build_env: tuple[tuple[str, str], ...] = ()
    runtime_env: tuple[tuple[str, str], ...] = ()
    files: tuple[str, ...] = ()
    expose: tuple[str, ...] = ()
    runtime_workdir: str = "/app"
    platforms: tuple[str, ...] = ()
    bake: bool | None = None
    public_registries: tuple[str, ...] = ()
    tzdata: bool = False
    certificates: bool | None = None
    init: bool = False
    extends: str | None = None
    templates: str | None = None


assert [f.name for f in fields(Config)] == [s.key.replace("-", "_") for s in SETTINGS]


def parse_table(table: Any, source: str, *, project: bool = True) -> dict[str, Any]:
    """Validate one layer's settings table; `source` names the layer and file in errors."""
    if not isinstance(table, dict):
        raise RustdockError(f"{source}: must be a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        setting = BY_KEY.get(key)
        if setting is None:
            known = ", ".join(BY_KEY)
            raise RustdockError(f"{source}: unknown key {key!r} (known keys: {known})")
        if setting.project_only and not project:
            raise RustdockError(f"{source}: {key!r} can only be set in Cargo.toml")
        values[key] = _check(setting, value, source)
    return values


def make_config(values: dict[str, Any]) -> Config:
    return Config(**{key.replace("-", "_"): value for key, value in values.items()})


def _check(setting: Setting, value: Any, source: str) -> Any:
    where = f"{source}: {setting.key}"
    if setting.kind is bool:
        if not isinstance(value, bool):
            raise RustdockError(f"{where}: expected true or false, got {value!r}")
        return value
    if setting.kind is dict and setting.pattern is PACKAGE:
        return _check_crate_packages(setting, value, where)
    if setting.kind is dict:
        return _check_table(setting, value, where)
    items = value if setting.kind is list else [value]
    if setting.kind is list and not isinstance(value, list):
        raise RustdockError(f"{where}: expected a list of strings, got {value!r}")
    if setting.pattern is PORT:
        items = [_port(item, where) for item in items]
    for item in items:
        if not isinstance(item, str):
            raise RustdockError(f"{where}: expected a string, got {item!r}")
        if setting.choices and item not in setting.choices:
            raise RustdockError(f"{where}: {item!r} is not one of {', '.join(setting.choices)}")
        if setting.pattern is not None and not setting.pattern.match(item):
            raise RustdockError(f"{where}: {item!r} is not a valid {setting.key} value")
    return tuple(items) if setting.kind is list else value


def _check_table(setting: Setting, value: Any, where: str) -> tuple[tuple[str, str], ...]:
    """An env table: NAME = "value" pairs (numbers and booleans become their TOML text), sorted."""
    if not isinstance(value, dict):
        raise RustdockError(f"{where}: expected a table like {{ NAME = \"value\" }}, got {value!r}")
    pairs = []
    for name, item in value.items():
        if not ENV_NAME.match(name):
            raise RustdockError(f"{where}: {name!r} is not an environment variable name")
        if isinstance(item, bool):
            item = "true" if item else "false"
        elif isinstance(item, (int, float)):
            item = str(item)
        if not isinstance(item, str) or not ENV_VALUE.match(item):
            raise RustdockError(
                f"{where}.{name}: {item!r} must be printable text without quotes, backslashes, `$` or backticks"
            )
        pairs.append((name, item))
    return tuple(sorted(pairs))


def _check_crate_packages(setting: Setting, value: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A crate → packages table: `{ foo-sys = ["libfoo-dev"] }`, sorted by crate."""
    if not isinstance(value, dict):
        raise RustdockError(f"{where}: expected a table like {{ foo-sys = [\"libfoo-dev\"] }}, got {value!r}")
    entries = []
    for crate, packages in value.items():
        if not NAME.match(crate):
            raise RustdockError(f"{where}: {crate!r} is not a crate name")
        if not isinstance(packages, list) or not all(isinstance(p, str) and setting.pattern.match(p) for p in packages):
            raise RustdockError(f"{where}.{crate}: expected a list of Debian package names, got {packages!r}")
        entries.append((crate, tuple(dict.fromkeys(packages))))
    return tuple(sorted(entries))


def _port(item: Any, where: str) -> Any:
    if isinstance(item, int) and not isinstance(item, bool):
        item = str(item)
    if isinstance(item, str) and PORT.match(item) and not 0 < int(item.split("/")[0]) < 65536:
        raise RustdockError(f"{where}: {item!r} is not a port between 1 and 65535")
    return item


def project_table(manifest: dict[str, Any], manifest_path: str) -> tuple[dict[str, Any], str | None]:
    """The validated config table of a root manifest and its TOML path (None: there is none)."""
    found = [
        (section, metadata["rustdock"])
        for section in ("workspace", "package")
        if "rustdock" in (metadata := get_table(get_table(manifest, section, manifest_path), "metadata",
                                                 f"{manifest_path}: {section}"))
    ]
    if len(found) > 1:
        raise RustdockError(
            f"{manifest_path}: rustdock config is in both [workspace.metadata.rustdock] "
            "and [package.metadata.rustdock]; keep one"
        )
    if not found:
        return {}, None
    section, table = found[0]
    source = f"{manifest_path} [{section}.metadata.rustdock]"
    return parse_table(table, source), f"{section}.metadata.rustdock"

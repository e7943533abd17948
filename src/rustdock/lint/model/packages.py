"""System packages in a Dockerfile: what its RUNs install with apt or apk, which shared libraries a
`-dev` package links a binary against, and what the base images rustdock knows already hold.

A base image that is not in these tables may hold anything, so the rules that consult them stay
silent for it rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rustdock.knowledge.images import normalised_image
from rustdock.lint.model.dockerfile import Instruction
from rustdock.lint.model.shell import Command, run_commands
from rustdock.lint.model.words import is_known

# Package managers: the programs, the subcommand that installs, and the options that take a value
# (apt-get(8), apt(8), apk(8)); a word after one of those is not a package.
MANAGERS = {
    "apt-get": ("apt", "install", frozenset({"-o", "-c", "-t", "-a", "--option", "--config-file",
                                             "--target-release", "--default-release", "--host-architecture"})),
    "apt": ("apt", "install", frozenset({"-o", "-c", "-t", "-a", "--option", "--config-file", "--target-release"})),
    "aptitude": ("apt", "install", frozenset({"-o", "-t", "--target-release"})),
    "apk": ("apk", "add", frozenset({"-X", "--repository", "-t", "--virtual", "-p", "--root", "--arch",
                                      "--cache-dir", "--keys-dir", "--repositories-file"})),
}
PACKAGE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9+._-]*")  # the name before a pin: =1.2, :amd64, /bookworm, >=1, @edge


@dataclass(frozen=True)
class SharedLibrary:
    """A library a `-dev` package lets a -sys crate link dynamically, and the packages that hold it."""

    manager: str  # "apt" | "apk"
    dev: str
    runtime: tuple[str, ...]  # any of these provides it; the first is the one to install
    soname: str  # the file the binary loads when it starts
    crate: str  # the -sys crate that links it
    static_env: str | None = None  # set (and not "0"), the -sys crate links the library statically


# Debian's from `apt-cache show <dev>` on bookworm (its Depends names the runtime package), trixie's
# `t64` names from Debian's 64-bit time_t transition (BRIEF.md); Alpine's from aports' APKBUILDs.
# The crate and its static switch from each -sys crate's build.rs (openssl-sys, pq-sys, ...).
# Only libraries a Rust binary links at run time: libclang-dev (bindgen) and protoc are build tools.
LIBRARIES: tuple[SharedLibrary, ...] = (
    SharedLibrary("apt", "libssl-dev", ("libssl3", "libssl3t64"), "libssl.so.3", "openssl-sys", "OPENSSL_STATIC"),
    SharedLibrary("apt", "libpq-dev", ("libpq5",), "libpq.so.5", "pq-sys", "PQ_LIB_STATIC"),
    SharedLibrary("apt", "libsqlite3-dev", ("libsqlite3-0",), "libsqlite3.so.0", "libsqlite3-sys", "SQLITE3_STATIC"),
    # Depends: libmariadb-dev-compat, which depends on libmariadb-dev, which depends on libmariadb3
    SharedLibrary("apt", "default-libmysqlclient-dev", ("libmariadb3",), "libmariadb.so.3", "mysqlclient-sys",
                  "MYSQLCLIENT_STATIC"),
    SharedLibrary("apt", "libmariadb-dev", ("libmariadb3",), "libmariadb.so.3", "mysqlclient-sys",
                  "MYSQLCLIENT_STATIC"),
    SharedLibrary("apt", "libmariadb-dev-compat", ("libmariadb3",), "libmariadb.so.3", "mysqlclient-sys",
                  "MYSQLCLIENT_STATIC"),
    SharedLibrary("apt", "librdkafka-dev", ("librdkafka1",), "librdkafka.so.1", "rdkafka-sys"),  # dynamic-linking
    SharedLibrary("apt", "libcurl4-openssl-dev", ("libcurl4", "libcurl4t64"), "libcurl.so.4", "curl-sys"),
    SharedLibrary("apt", "zlib1g-dev", ("zlib1g",), "libz.so.1", "libz-sys", "LIBZ_SYS_STATIC"),
    SharedLibrary("apt", "libsasl2-dev", ("libsasl2-2",), "libsasl2.so.2", "sasl2-sys"),
    SharedLibrary("apt", "libdbus-1-dev", ("libdbus-1-3",), "libdbus-1.so.3", "libdbus-sys"),
    SharedLibrary("apt", "libudev-dev", ("libudev1",), "libudev.so.1", "libudev-sys"),
    # main/openssl: subpackage libssl$_abiver (libssl3 since Alpine 3.17), which package openssl depends on
    SharedLibrary("apk", "openssl-dev", ("libssl3", "openssl"), "libssl.so.3", "openssl-sys", "OPENSSL_STATIC"),
    # main/postgresql17: subpackages libpq and libpq-dev; postgresqlNN-dev provides postgresql-dev, needs libpq-dev
    SharedLibrary("apk", "libpq-dev", ("libpq",), "libpq.so.5", "pq-sys", "PQ_LIB_STATIC"),
    SharedLibrary("apk", "postgresql-dev", ("libpq",), "libpq.so.5", "pq-sys", "PQ_LIB_STATIC"),
    SharedLibrary("apk", "sqlite-dev", ("sqlite-libs",), "libsqlite3.so.0", "libsqlite3-sys", "SQLITE3_STATIC"),
)
FAMILIES = {"apt": "debian", "apk": "alpine"}  # which distribution's images a manager's names fit


# The official Rust images, which cargo-chef's are built on: `*-slim` holds gcc, libc6-dev,
# ca-certificates and wget (BRIEF.md), the full ones buildpack-deps; neither clang, lld nor mold.
BUILDER_REPOSITORIES = frozenset({"rust", "lukemathwalker/cargo-chef"})


@dataclass(frozen=True)
class Install:
    """One package a RUN installs."""

    manager: str  # "apt" | "apk"
    package: str  # the name, without version pin, architecture or release
    instruction: Instruction


def installs(inst: Instruction) -> list[Install]:
    """The packages a RUN installs with apt-get, apt, aptitude or apk, in order."""
    found = []
    for command in run_commands(inst):
        known = MANAGERS.get(command.program)
        if known is None:
            continue
        manager, subcommand, valued = known
        words = _operands(command, valued)
        if words and words[0] == subcommand:
            for word in words[1:]:
                match = PACKAGE_NAME.match(word) if is_known(word) else None
                if match:
                    found.append(Install(manager, match.group(), inst))
    return found


def installs_unread(inst: Instruction) -> bool:
    """Whether a RUN installs packages the linter cannot name: a list read at build time (`xargs
    apt-get install < list`, `apt-get install $packages`), such as the packages a build found its
    binaries link."""
    for command in run_commands(inst):
        argv = command.argv
        if command.program == "xargs":
            rest = [w for w in argv[1:] if not w.startswith("-")]
            if rest and rest[0] in MANAGERS and is_install(Command(tuple(rest), command.cwd)):
                return True
        elif is_install(command) and not all(is_known(w) for w in argv[1:]):
            return True
    return False


def is_install(command: Command) -> bool:
    """Whether a command is a package manager's install (`apt-get install`, `apk add`)."""
    known = MANAGERS.get(command.program)
    return known is not None and _operands(command, known[2])[:1] == [known[1]]


def _operands(command: Command, valued: frozenset[str]) -> list[str]:
    """The words of a command that are not options or option values."""
    operands, skip = [], False
    for word in command.argv[1:]:
        if skip:
            skip = False
        elif word in valued:
            skip = True
        elif not word.startswith("-"):
            operands.append(word)
    return operands


def library(manager: str, dev: str) -> SharedLibrary | None:
    """The shared library a -dev package links against, if LIBRARIES knows it."""
    return next((lib for lib in LIBRARIES if lib.manager == manager and lib.dev == dev), None)


def is_builder_image(image: str) -> bool:
    """Whether `image` is an official Rust or cargo-chef image, whose contents are known."""
    repository, _ = normalised_image(image)
    return is_known(image) and repository in BUILDER_REPOSITORIES



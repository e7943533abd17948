"""Which options of `cargo build` and `cargo chef cook`, and which environment variables, change what
cargo compiles — and which do not.

RD005 compares the first kind between a cook and its build and ignores the second: a lockfile mode,
a job count or a message format changes nothing that is compiled, so naming it on one side only is
not a mismatch. What is in neither table is not compared either: the linter does not guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

NEUTRAL = "neutral"  # changes nothing that is compiled
UNDECIDED = "undecided"  # may change it, depending on the project: not compared


@dataclass(frozen=True)
class Option:
    """What an option does to the build shape: the part it sets (profile, features, ...), or NEUTRAL/UNDECIDED."""

    effect: str
    valued: bool = False  # takes a value: `--opt v`, `--opt=v`, `-ov`


# The Cargo book's `cargo build` page (doc.rust-lang.org/cargo/commands/cargo-build.html), by its sections,
# and cargo-chef's `cook` options (LukeMathWalker/cargo-chef src/main.rs, struct Cook) for the cook-only ones;
# the two of `cargo install` that take a value, so that their value is not read as an argument.
OPTIONS: dict[str, Option] = {
    "--release": Option("profile"),  # Compilation Options: the `release` profile
    "-r": Option("profile"),  # Compilation Options: short for --release
    "--profile": Option("profile", valued=True),  # Compilation Options: a named profile
    "--features": Option("features", valued=True),  # Feature Selection
    "-F": Option("features", valued=True),  # Feature Selection: short for --features
    "--all-features": Option("features"),  # Feature Selection
    "--no-default-features": Option("features"),  # Feature Selection
    "--target": Option("target", valued=True),  # Compilation Options: artifacts for another triple, in target/<triple>
    "--package": Option("packages", valued=True),  # Package Selection: features unify over the selected packages
    "-p": Option("packages", valued=True),  # Package Selection: short for --package
    "--workspace": Option("workspace"),  # Package Selection: every member
    "--all": Option("workspace"),  # Package Selection: deprecated alias of --workspace
    "--bin": Option("bins", valued=True),  # Target Selection; cook --bin cooks only that binary's members
    "--bins": Option("bins"),  # Target Selection: every binary
    "--check": Option("command"),  # cook: runs `cargo check`, which writes metadata, not compiled code
    "--clippy": Option("command"),  # cook: runs `cargo clippy`
    "--zigbuild": Option("command"),  # cook: runs `cargo zigbuild`
    "--exclude": Option(UNDECIDED, valued=True),  # Package Selection: with --workspace; which members, unknown
    "--lib": Option(UNDECIDED),  # Target Selection: whether a bin's dependencies differ is the project's
    "--example": Option(UNDECIDED, valued=True),  # Target Selection: examples may add dev-dependencies' features
    "--examples": Option(UNDECIDED),  # Target Selection: likewise
    "--test": Option(UNDECIDED, valued=True),  # Target Selection: likewise
    "--tests": Option(UNDECIDED),  # Target Selection: likewise
    "--bench": Option(UNDECIDED, valued=True),  # Target Selection: likewise
    "--benches": Option(UNDECIDED),  # Target Selection: likewise
    "--all-targets": Option(UNDECIDED),  # Target Selection: likewise
    "--no-std": Option(UNDECIDED),  # cook: placeholder sources for #![no_std] crates
    "--config": Option(UNDECIDED, valued=True),  # Common Options: any config key, compiled or not
    "-Z": Option(UNDECIDED, valued=True),  # Common Options: unstable flags, compiled or not
    "--locked": Option(NEUTRAL),  # Manifest Options: fail if Cargo.lock needs an update; resolves the same
    "--frozen": Option(NEUTRAL),  # Manifest Options: --locked and --offline
    "--offline": Option(NEUTRAL),  # Manifest Options: no network
    "--lockfile-path": Option(NEUTRAL, valued=True),  # Manifest Options: where Cargo.lock is (unstable)
    "--ignore-rust-version": Option(NEUTRAL),  # Manifest Options: a check, not a setting
    "--manifest-path": Option(NEUTRAL, valued=True),  # Manifest Options: where; RD006 looks at it
    "--target-dir": Option(NEUTRAL, valued=True),  # Output Options: where; RD006 compares it
    "--artifact-dir": Option(NEUTRAL, valued=True),  # Output Options: a copy of the final artifacts
    "--out-dir": Option(NEUTRAL, valued=True),  # Output Options: the old name of --artifact-dir
    "--recipe-path": Option(NEUTRAL, valued=True),  # cook: where the recipe is
    "-j": Option(NEUTRAL, valued=True),  # Miscellaneous Options: how many jobs at once
    "--jobs": Option(NEUTRAL, valued=True),  # Miscellaneous Options: likewise
    "--keep-going": Option(NEUTRAL),  # Miscellaneous Options: go on after an error
    "--future-incompat-report": Option(NEUTRAL),  # Miscellaneous Options: a report
    "--timings": Option(NEUTRAL),  # Compilation Options: a report
    "--message-format": Option(NEUTRAL, valued=True),  # Display Options: output
    "--color": Option(NEUTRAL, valued=True),  # Display Options: output
    "-v": Option(NEUTRAL),  # Display Options: output
    "-vv": Option(NEUTRAL),  # Display Options: output
    "--verbose": Option(NEUTRAL),  # Display Options: output
    "-q": Option(NEUTRAL),  # Display Options: output
    "--quiet": Option(NEUTRAL),  # Display Options: output
    "-C": Option(NEUTRAL, valued=True),  # Common Options: the directory cargo runs in; RD006 compares it
    "--root": Option(NEUTRAL, valued=True),  # cargo-install(1) Install Options: where the binaries go
    "--path": Option(NEUTRAL, valued=True),  # cargo-install(1) Install Options: the local crate to install
}

# Environment variables cargo reads (the Cargo book, "Environment Variables" and "Configuration": every
# config key `a.b-c` can be set as CARGO_A_B_C). `*` stands for a triple or a profile name. The first
# pattern that matches a name decides; a name no pattern matches is not compared.
ENVIRONMENT: tuple[tuple[str, bool], ...] = (
    ("CARGO_ENCODED_RUSTFLAGS", True),  # extra rustc flags, 0x1f-separated; first in cargo's order of precedence
    ("RUSTFLAGS", True),  # extra rustc flags; rustc's arguments are part of every fingerprint
    ("CARGO_TARGET_*_RUSTFLAGS", True),  # target.<triple>.rustflags
    ("CARGO_BUILD_RUSTFLAGS", True),  # build.rustflags
    ("CARGO_TARGET_*_LINKER", True),  # target.<triple>.linker: in the fingerprint since rust-lang/cargo#9647
    ("CARGO_BUILD_TARGET", True),  # build.target: the triple when no --target is given
    ("CARGO_PROFILE_*", True),  # profile.<name>.*: opt-level, debug, lto, codegen-units, panic...; in the fingerprint
    ("RUSTC", True),  # the compiler; its version is in the fingerprint
    ("CARGO_BUILD_RUSTC", True),  # build.rustc: likewise
    ("CARGO_TARGET_DIR", False),  # where, not what: RD006 compares it
    ("CARGO_BUILD_TARGET_DIR", False),  # build.target-dir: likewise
    ("CARGO_BUILD_JOBS", False),  # build.jobs: how many at once
    ("CARGO_BUILD_PROFILE", False),  # no such setting: the Cargo book has no build.profile, cargo ignores it
    ("CARGO_BUILD_INCREMENTAL", False),  # build.incremental: only workspace members compile incrementally
    ("CARGO_INCREMENTAL", False),  # likewise
    ("CARGO_BUILD_DEP_INFO_BASEDIR", False),  # build.dep-info-basedir: paths in .d files
    ("CARGO_BUILD_PIPELINING", False),  # build.pipelining: scheduling
    ("RUSTC_WRAPPER", False),  # sccache and the like run the same rustc with the same arguments
    ("CARGO_BUILD_RUSTC_WRAPPER", False),  # build.rustc-wrapper: likewise
    ("RUSTC_WORKSPACE_WRAPPER", False),  # only workspace members go through it
    ("CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER", False),  # build.rustc-workspace-wrapper: likewise
    ("CARGO_TERM_*", False),  # term.*: output
    ("CARGO_NET_*", False),  # net.*: retries, offline, git-fetch-with-cli
    ("CARGO_HTTP_*", False),  # http.*: proxy, timeouts, TLS
    ("CARGO_REGISTRIES_*", False),  # registries.*: where crates come from, not what they are
    ("CARGO_REGISTRY_*", False),  # registry.*: likewise
    ("CARGO_LOG", False),  # cargo's own log
    ("CARGO_CACHE_RUSTC_INFO", False),  # caches `rustc -vV`
    ("CARGO_FUTURE_INCOMPAT_REPORT_*", False),  # a report
    ("CARGO_ALIAS_*", False),  # alias.*: command names
)


def option(name: str) -> Option | None:
    """What OPTIONS says of an option, by its name (`--features`, `-p`)."""
    return OPTIONS.get(name)


def changes_artifacts(variable: str) -> bool:
    """Whether ENVIRONMENT says the variable changes what cargo compiles."""
    return next((shaping for pattern, shaping in ENVIRONMENT if fnmatchcase(variable, pattern)), False)

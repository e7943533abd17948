"""The programs that run cargo for a Dockerfile: cargo itself and the wrappers real projects use.

Every rule that looks at cargo commands sees a wrapped call as the cargo call it makes: `xx-cargo
chef cook` is a cook, `cross build --release` a build without --locked. A wrapper that is not in
WRAPPERS is not a cargo call at all, so the rules stay silent about it rather than guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from rustdock.lint.model.words import unknown

# What xx-cargo passes as --target: the Rust triple `xx-info` derives from TARGETPLATFORM at build time.
XX_TARGET = unknown("(xx-info)")


@dataclass(frozen=True)
class Wrapper:
    """How a cargo invocation is spelled, and what the wrapper adds to the cargo call it makes."""

    program: str  # the file name of argv[0]
    words: tuple[str, ...] = ()  # the words after the program (and cargo's +toolchain and global flags)
    command: str | None = None  # the cargo command it runs in place of a subcommand word (`zigbuild`)
    implied: tuple[str, ...] = ()  # arguments it appends to every cargo call

    @property
    def spelled(self) -> str:
        return " ".join((self.program, *self.words))


# The longest match wins: `cargo auditable build` is the auditable wrapper, not cargo's `auditable` command.
WRAPPERS: tuple[Wrapper, ...] = (
    # cargo itself (the Cargo book, "cargo(1)"): `cargo [+toolchain] [global options] <command> [options]`
    Wrapper("cargo"),
    # rust-secure-code/cargo-auditable, cargo_auditable.rs: runs cargo with the same arguments and
    # RUSTC_WORKSPACE_WRAPPER set, which only workspace members go through: dependencies compile as without it
    Wrapper("cargo", ("auditable",)),
    # rust-cross/cargo-zigbuild README: `cargo zigbuild` takes `cargo build`'s options and links with zig;
    # cargo-chef's `cook --zigbuild` runs it (src/main.rs, struct Cook)
    Wrapper("cargo", ("zigbuild",), command="zigbuild"),
    # tonistiigi/xx, src/xx-cargo: `exec cargo "$@" --target="$(xx-info)"`, the triple of TARGETPLATFORM
    # (plus a linker and CC for it, the same for every xx-cargo call)
    Wrapper("xx-cargo", implied=("--target", XX_TARGET)),
    # cross-rs/cross README: `cross build|check|clippy|...` take cargo's options and run cargo in cross's image
    # for a --target it has one for, else on the host (cross-rs/cross#489): which one is not told here
    Wrapper("cross"),
)


def wrapper_for(program: str, words: tuple[str, ...]) -> Wrapper | None:
    """The wrapper a command is, given argv[0]'s file name and the words after its global flags."""
    matching = [w for w in WRAPPERS if w.program == program and words[: len(w.words)] == w.words]
    return max(matching, key=lambda w: len(w.words), default=None)

"""Decide how the runtime image gets the shared libraries the binaries link: from the binaries.

What a binary loads is in its ELF `NEEDED` entries, whatever Cargo.lock suggested. The build
RUN reads them from the binaries it has just copied out of the target cache, resolves each to the
Debian package that ships it (`dpkg -S` in the builder, where the -dev packages brought the
libraries in), leaves out what the runtime base already holds, and writes the list under a
path no mount covers. The runtime stage installs exactly that list, reading it through a bind
mount from the builder: BuildKit keys that RUN on the list's content, so a rebuild whose
binaries link the same libraries installs nothing. The plan's runtime packages stay what they
were, a prediction: the build log prints both, so a mismatch shows.

A runtime image that cannot install anything (distroless) fails the build when the list is not
empty; the static flavors link no shared library and need none of this.
"""

from __future__ import annotations

from dataclasses import dataclass

LINKED_DIR = "/linked"  # in the builder, under no mount: the list of packages the binaries link
LIST = "packages"
MOUNTED_AT = "/run/rustdock-linked"  # where the runtime stage's RUN reads it
# In every Debian image (Priority: required; libgcc-s1 since the compiler runtime is required too):
# never worth an apt run, and never to be upgraded as a side effect.
ALWAYS_HELD = ("libc6", "libgcc-s1")


@dataclass(frozen=True)
class LinkedLibraries:
    """How the build finds the runtime packages and what the runtime stage does with them."""

    directory: str  # where the build RUN writes the list
    list: str  # the list's path
    list_name: str  # its name, in `directory` and where the runtime stage mounts it
    mounted_at: str  # where the runtime stage mounts `directory`
    triplet: str  # shell text for the target's Debian multiarch directory name (x86_64-linux-gnu)
    held: tuple[str, ...]  # already in the runtime base: never installed
    predicted: tuple[str, ...]  # the plan's runtime packages from the crates: printed beside what was found
    extra: tuple[str, ...]  # installed beside the list: asked for by a setting, not linked (runtime-packages)
    install: bool  # the runtime image installs the list with apt; False: it cannot, so a package fails the build
    image: str  # the runtime image, for the build's error message


def decide_linked(
    *, runtime: str, runtime_image: str, holds: frozenset[str] | None, predicted: tuple[str, ...],
    extra: tuple[str, ...], triplet: str,
) -> LinkedLibraries | None:
    """None for the static flavors (scratch, alpine): their binaries link no shared library."""
    if runtime in ("scratch", "alpine"):
        return None
    held = tuple(sorted(set(ALWAYS_HELD) | (holds or frozenset())))
    return LinkedLibraries(
        directory=LINKED_DIR,
        list=f"{LINKED_DIR}/{LIST}",
        list_name=LIST,
        mounted_at=MOUNTED_AT,
        triplet=triplet,
        held=held,
        predicted=predicted,
        extra=extra,
        install=runtime != "distroless",
        image=runtime_image,
    )

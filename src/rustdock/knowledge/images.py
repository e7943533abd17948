"""Runtime base images whose contents rustdock knows: knowledge as data, one table for the
generator (what it need not install) and the linter (what a final image lacks).

An image not in the table may hold anything: the generator installs what it needs, the linter
says nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOCKER_HUB = ("docker.io/", "index.docker.io/", "registry-1.docker.io/", "library/")


@dataclass(frozen=True)
class BaseImage:
    family: str  # "debian" | "alpine": whose package names fit it
    holds: frozenset[str]  # the packages it has that a Rust binary may link
    package_manager: bool  # distroless has none: a library has to be copied in


# (repository, tag pattern) → what the image holds, each with its source.
BASE_IMAGES: tuple[tuple[str, re.Pattern[str], BaseImage], ...] = tuple(
    (repository, re.compile(tag), BaseImage(family, frozenset(holds), manager))
    for repository, tag, family, holds, manager in (
        # `dpkg -l` in debian:bookworm-slim (minbase: tzdata is still `required` in bookworm; apt's libapt-pkg6.0
        # Depends on zlib1g and libudev1); no libssl3: apt uses GnuTLS
        ("debian", r"(bookworm|12)([.-].*)?", "debian",
         ("libbz2-1.0", "libc6", "libgcc-s1", "liblz4-1", "liblzma5", "libstdc++6", "libudev1", "libzstd1", "tzdata",
          "zlib1g"), True),
        # `dpkg -l` in debian:trixie-slim (minbase): apt 3.0 links OpenSSL, so libssl3t64 is there, and SQLite and
        # libseccomp through its dependencies; the 64-bit time_t transition renamed libssl3 and others
        ("debian", r"(trixie|13)([.-].*)?", "debian",
         ("libbz2-1.0", "libc6", "libgcc-s1", "liblz4-1", "liblzma5", "libseccomp2", "libsqlite3-0", "libssl3t64",
          "libstdc++6", "libsystemd0", "libudev1", "libzstd1", "tzdata", "zlib1g"), True),
        # the distroless repository: static/ holds tzdata; base/config.bzl debian12 = libc6, libssl3, debian13 adds
        # libzstd1 and zlib1g (libssl3t64); base-nossl = libc6; cc/config.bzl adds libgomp1, libstdc++6, libgcc-s1
        ("gcr.io/distroless/base-debian12", r".*", "debian", ("libc6", "libssl3", "tzdata"), False),
        ("gcr.io/distroless/base-debian13", r".*", "debian", ("libc6", "libssl3t64", "libzstd1", "tzdata", "zlib1g"),
         False),
        ("gcr.io/distroless/base-nossl-debian12", r".*", "debian", ("libc6", "tzdata"), False),
        ("gcr.io/distroless/base-nossl-debian13", r".*", "debian", ("libc6", "tzdata"), False),
        ("gcr.io/distroless/cc-debian12", r".*", "debian",
         ("libc6", "libgcc-s1", "libgomp1", "libssl3", "libstdc++6", "tzdata"), False),
        ("gcr.io/distroless/cc-debian13", r".*", "debian",
         ("libc6", "libgcc-s1", "libgomp1", "libssl3t64", "libstdc++6", "libzstd1", "tzdata", "zlib1g"), False),
        # alpine 3.17 to 3.22: apk-tools 2 is built against openssl-dev (libssl3 since 3.17) and zlib-dev
        # (aports main/apk-tools), and every alpine image carries it to run apk
        ("alpine", r"3\.(1[7-9]|2[0-2])(\..*)?", "alpine", ("libssl3", "zlib"), True),
    )
)


def base_image(image: str) -> BaseImage | None:
    """What a known runtime base holds; None for any other image (it may hold anything)."""
    repository, tag = normalised_image(image)
    for known, tags, base in BASE_IMAGES:
        if repository == known and tags.fullmatch(tag or "latest"):
            return base
    return None


def normalised_image(image: str) -> tuple[str, str | None]:
    """An image's repository as Docker Hub names it (no `docker.io/`, no `library/`), and its tag."""
    reference = image.split("@", 1)[0]
    head, _, last = reference.rpartition("/")
    name, colon, tag = last.partition(":")
    repository = (f"{head}/{name}" if head else name).lower()
    for prefix in DOCKER_HUB:
        repository = repository.removeprefix(prefix)
    return repository, tag if colon else None

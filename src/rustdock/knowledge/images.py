"""Base images rustdock knows: knowledge as data. BASE_IMAGES says what packages each release of a
runtime base holds, for the generator (what it need not install) and the linter (what a final
image lacks); IMAGES says where an image keeps its files and whom it runs as, for the linter.

An image not in a table may hold anything, anywhere, and run as anyone: the generator installs what
it needs, the linter says nothing or that it cannot tell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase

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


EMPTY = "empty"  # holds no file at all
FHS = "fhs"  # holds files only under STANDARD_DIRS
ROOT = "0"
NON_ROOT = "65532"  # distroless' and Chainguard's `nonroot` user

# The Filesystem Hierarchy Standard 3.0 (refspecs.linuxfoundation.org/FHS_3.0): the directories a
# distribution's root filesystem puts its files in. The second-level ones are there so that a WORKDIR
# the Dockerfile sets to one of them is not taken for a directory of its own (RD019's `may_hold`).
STANDARD_DIRS: tuple[str, ...] = (
    "/bin",  # 3.4 essential user command binaries (a link to /usr/bin in merged-/usr images)
    "/boot",  # 3.5 static files of the boot loader
    "/dev",  # 3.6 device files
    "/etc",  # 3.7 host-specific system configuration
    "/home",  # 3.8 user home directories (optional)
    "/lib",  # 3.9 essential shared libraries and kernel modules
    "/lib32",  # 3.10 /lib<qual>: alternate format essential shared libraries (optional)
    "/lib64",  # 3.10 likewise
    "/libx32",  # 3.10 likewise
    "/media",  # 3.11 mount point for removable media
    "/mnt",  # 3.12 mount point for a temporarily mounted filesystem
    "/opt",  # 3.13 add-on application software packages
    "/proc",  # 6.1.5 kernel and process information virtual filesystem (Linux)
    "/root",  # 3.14 home directory for the root user (optional)
    "/run",  # 3.15 run-time variable data
    "/sbin",  # 3.16 system binaries
    "/srv",  # 3.17 data for services provided by this system
    "/sys",  # 6.1.7 kernel and system information virtual filesystem (Linux)
    "/tmp",  # 3.18 temporary files
    "/usr",  # 4.1 the /usr hierarchy
    "/usr/bin",  # 4.2 requirements: most user commands
    "/usr/include",  # 4.2 options: standard include files
    "/usr/lib",  # 4.2 requirements: libraries for programming and packages
    "/usr/libexec",  # 4.2 options: binaries run by other programs
    "/usr/local",  # 4.2 requirements: local hierarchy (the Rust images' CARGO_HOME and RUSTUP_HOME are in it)
    "/usr/local/bin",  # 4.9.2 requirements of /usr/local
    "/usr/local/lib",  # 4.9.2 likewise
    "/usr/local/share",  # 4.9.2 likewise
    "/usr/sbin",  # 4.2 requirements: non-essential standard system binaries
    "/usr/share",  # 4.2 requirements: architecture-independent data
    "/var",  # 5.1 the /var hierarchy
    "/var/cache",  # 5.2 requirements: application cache data
    "/var/lib",  # 5.2 requirements: variable state information
    "/var/log",  # 5.2 requirements: log files and directories
)

# (repository pattern, tag pattern) → where the image keeps its files (EMPTY or FHS) and whom it runs as
# when the Dockerfile sets no USER. Each question takes the first row that matches and answers it (None
# answers nothing: a later row may); where a row's tag pattern is not `.*` and the tag is unknowable (an
# ARG without a default), nothing answers whom it runs as.
IMAGES: tuple[tuple[str, str, str | None, str | None], ...] = (
    # the empty image (Docker docs, "Create a base image": FROM scratch starts with no files); no image
    # config, so no user, and the process runs as uid 0
    ("scratch", r".*", EMPTY, ROOT),
    # Docker official OS images: a distribution's root filesystem added FROM scratch, no more, no USER
    # (docker-library's debian/debuerreotype, ubuntu, alpine, busybox, fedora, amazonlinux, rockylinux,
    # almalinux Dockerfiles)
    ("debian", r".*", FHS, ROOT),
    ("ubuntu", r".*", FHS, ROOT),
    ("alpine", r".*", FHS, ROOT),
    ("busybox", r".*", FHS, ROOT),
    ("fedora", r".*", FHS, ROOT),
    ("amazonlinux", r".*", FHS, ROOT),
    ("rockylinux", r".*", FHS, ROOT),
    ("almalinux", r".*", FHS, ROOT),
    # docker-library/buildpack-deps: FROM debian or ubuntu plus packages, no USER
    ("buildpack-deps", r".*", FHS, ROOT),
    # rust-lang/docker-rust Dockerfile-debian/-alpine templates: FROM buildpack-deps, debian or alpine, ENV
    # and rustup into /usr/local/{cargo,rustup}, no USER
    ("rust", r".*", FHS, ROOT),
    # LukeMathWalker/cargo-chef docker/Dockerfile: FROM rust, `cargo install cargo-chef` into
    # /usr/local/cargo, no USER
    ("lukemathwalker/cargo-chef", r".*", FHS, ROOT),
    # GoogleContainerTools/distroless README: Debian packages' files, and the `debug` tags add /busybox;
    # the `nonroot` tags run as uid 65532, every other tag as root
    ("gcr.io/distroless/*", r".*nonroot.*", None, NON_ROOT),
    ("gcr.io/distroless/*", r"(?!.*debug).*", FHS, None),
    ("gcr.io/distroless/*", r".*", None, ROOT),
    # chainguard-images: Wolfi packages, laid out by the FHS; images run as `nonroot` (65532), and the
    # `-dev` variants differ per image
    ("cgr.dev/chainguard/*", r"(?!.*dev).*", FHS, NON_ROOT),
    ("cgr.dev/chainguard/*", r".*", FHS, None),
    # any other image tagged `nonroot` follows distroless' convention: taken at its word
    ("*", r".*nonroot.*", None, NON_ROOT),
)


def image_layout(image: str, known: Callable[[str], bool] = lambda text: True) -> str | None:
    """EMPTY, FHS, or None when no row says where `image` keeps its files. `known` tells a name the
    caller can know from one it cannot (the linter's, for an ARG without a default)."""
    if not known(image):
        return None
    repository, tag = normalised_image(image)
    for pattern, tags, layout, _ in IMAGES:
        if layout is not None and fnmatchcase(repository, pattern) and re.fullmatch(tags, tag or "latest"):
            return layout
    return None


def image_user(image: str, known: Callable[[str], bool] = lambda text: True) -> str | None:
    """The user `image` runs as (ROOT, or another uid or name); None when no row can say."""
    repository, tag = normalised_image(image)
    if not known(repository):
        return None
    for pattern, tags, _, user in IMAGES:
        if user is None or not fnmatchcase(repository, pattern):
            continue
        if tags == ".*":
            return user
        if tag is not None and not known(tag):
            return None
        if re.fullmatch(tags, tag or "latest"):
            return user
    return None

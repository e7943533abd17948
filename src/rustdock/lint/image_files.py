"""Where a base image keeps its files: nowhere for scratch, only in the standard directories of the
Filesystem Hierarchy Standard for the images known to follow it.

RD019 asks whether a path that COPY --from reads can have come with the stage's base image. An image
that is not in IMAGE_LAYOUTS may hold anything anywhere (`/ko-app`, `/manager`, `/xx-*`), so the rule
stays silent about the stages built on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fnmatch import fnmatchcase

from rustdock.lint.packages import normalised_image
from rustdock.lint.words import is_known, overlap, parts

EMPTY = "empty"  # holds no file at all
FHS = "fhs"  # holds files only under STANDARD_DIRS

# The Filesystem Hierarchy Standard 3.0 (refspecs.linuxfoundation.org/FHS_3.0): the directories a
# distribution's root filesystem puts its files in. The second-level ones are there so that a WORKDIR
# the Dockerfile sets to one of them is not taken for a directory of its own (see `may_hold`).
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

# (repository pattern, tag pattern) → what the image holds where. The first row that matches decides.
IMAGE_LAYOUTS: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (repository, re.compile(tag), layout)
    for repository, tag, layout in (
        # the empty image (Docker docs, "Create a base image": FROM scratch starts with no files)
        ("scratch", r".*", EMPTY),
        # Docker official OS images: a distribution's root filesystem (docker-library's debian/debuerreotype,
        # ubuntu, alpine, busybox, fedora, amazonlinux, rockylinux, almalinux Dockerfiles: ADD rootfs, no more)
        ("debian", r".*", FHS),
        ("ubuntu", r".*", FHS),
        ("alpine", r".*", FHS),
        ("busybox", r".*", FHS),
        ("fedora", r".*", FHS),
        ("amazonlinux", r".*", FHS),
        ("rockylinux", r".*", FHS),
        ("almalinux", r".*", FHS),
        # docker-library/buildpack-deps: FROM debian or ubuntu plus packages
        ("buildpack-deps", r".*", FHS),
        # rust-lang/docker-rust: FROM buildpack-deps, debian or alpine; rustup into /usr/local/{cargo,rustup}
        ("rust", r".*", FHS),
        # LukeMathWalker/cargo-chef docker/Dockerfile: FROM rust, `cargo install cargo-chef` into /usr/local/cargo
        ("lukemathwalker/cargo-chef", r".*", FHS),
        # GoogleContainerTools/distroless README: Debian packages' files; the `debug` tags add /busybox
        ("gcr.io/distroless/*", r"(?!.*debug).*", FHS),
        # chainguard-images: Wolfi packages, laid out by the FHS
        ("cgr.dev/chainguard/*", r".*", FHS),
    )
)


def image_layout(image: str) -> str | None:
    """EMPTY, FHS, or None when the linter does not know where `image` keeps its files."""
    repository, tag = normalised_image(image)
    if not is_known(image):
        return None
    for pattern, tags, layout in IMAGE_LAYOUTS:
        if fnmatchcase(repository, pattern) and tags.fullmatch(tag or "latest"):
            return layout
    return None


def may_hold(image: str, path: str, own: Iterable[str] = ()) -> bool:
    """Whether `image` may hold the absolute `path` (globs allowed). `own` are directories the Dockerfile
    made (WORKDIRs): below one that is not a standard directory, the image holds nothing."""
    layout = image_layout(image)
    if layout is None or not parts(path):
        return True  # an image the linter does not know, or the root directory, which every image has
    if layout == EMPTY:
        return False
    if any(overlap(path, d) == "under" for d in own if _made(d)):
        return False
    return any(overlap(path, d) == "under" for d in STANDARD_DIRS)


def _made(directory: str) -> bool:
    """Whether a WORKDIR is one the Dockerfile made, not one that comes with the image."""
    return (
        is_known(directory)
        and directory not in STANDARD_DIRS
        and not any(overlap(directory, d) == "contains" for d in STANDARD_DIRS)
        and bool(parts(directory))
    )

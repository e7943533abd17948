"""Who a base image runs as when the Dockerfile sets no USER: the user its image config names.

An image that is not in IMAGE_USERS may set any user (a company base often sets a non-root one),
so RD010 says it cannot tell instead of calling it root.
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase

from rustdock.lint.packages import normalised_image
from rustdock.lint.words import is_known

ROOT = "0"
NON_ROOT = "65532"  # distroless' and Chainguard's `nonroot` user

# (repository pattern, tag pattern) → the user the image runs as. The first row that matches decides;
# where a row's tag pattern is not `.*` and the tag is unknowable (an ARG without a default), nothing does.
IMAGE_USERS: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (repository, re.compile(tag), user)
    for repository, tag, user in (
        # an empty filesystem: no image config, so no user, and the process runs as uid 0
        ("scratch", r".*", ROOT),
        # Docker official OS images: a root filesystem added FROM scratch, no USER (docker-library's
        # debian/debuerreotype, ubuntu, alpine, busybox, fedora, amazonlinux, rockylinux, almalinux Dockerfiles)
        ("debian", r".*", ROOT),
        ("ubuntu", r".*", ROOT),
        ("alpine", r".*", ROOT),
        ("busybox", r".*", ROOT),
        ("fedora", r".*", ROOT),
        ("amazonlinux", r".*", ROOT),
        ("rockylinux", r".*", ROOT),
        ("almalinux", r".*", ROOT),
        # docker-library/buildpack-deps: FROM debian or ubuntu plus packages, no USER
        ("buildpack-deps", r".*", ROOT),
        # rust-lang/docker-rust Dockerfile-debian/-alpine templates: FROM buildpack-deps or alpine, ENV and
        # rustup, no USER
        ("rust", r".*", ROOT),
        # LukeMathWalker/cargo-chef docker/Dockerfile: FROM rust, `cargo install cargo-chef`, no USER
        ("lukemathwalker/cargo-chef", r".*", ROOT),
        # GoogleContainerTools/distroless README: the `nonroot` tags run as uid 65532, every other tag as root
        ("gcr.io/distroless/*", r".*nonroot.*", NON_ROOT),
        ("gcr.io/distroless/*", r".*", ROOT),
        # chainguard-images: images run as `nonroot` (65532); the `-dev` variants differ per image
        ("cgr.dev/chainguard/*", r"(?!.*dev).*", NON_ROOT),
        # any other image tagged `nonroot` follows distroless' convention: taken at its word
        ("*", r".*nonroot.*", NON_ROOT),
    )
)


def image_user(image: str) -> str | None:
    """The user `image` runs as (ROOT, or another uid or name); None when the linter cannot tell."""
    repository, tag = normalised_image(image)
    if not is_known(repository):
        return None
    for pattern, tags, user in IMAGE_USERS:
        if not fnmatchcase(repository, pattern):
            continue
        if tags.pattern == ".*":
            return user
        if tag is not None and not is_known(tag):
            return None
        if tags.fullmatch(tag or "latest"):
            return user
    return None

"""Rules about the final image: who it runs as."""

from __future__ import annotations

from collections.abc import Iterator

from rustdock.lint.model import Instruction, Stage, split_image
from rustdock.lint.rules import RUNTIME_RUNS_AS_ROOT, SCRATCH_USER_BY_NAME, Finding
from rustdock.lint.scan import Scan
from rustdock.lint.words import is_known, overlap, resolve

ROOT = ("root", "0")
PASSWD = "/etc/passwd"


def runtime_runs_as_root(scan: Scan) -> Iterator[Finding]:
    """RD010: the last stage, the image `docker build` produces, runs as root."""
    df = scan.dockerfile
    final = df.stages[-1]
    history = [i for s in df.chain(final) for i in s.instructions]
    users = [i for i in history if i.cmd == "USER" and i.words]
    if users:
        user = users[-1].expand(users[-1].words[0])
        if is_known(user) and user.partition(":")[0] in ROOT:
            yield scan.finding(
                RUNTIME_RUNS_AS_ROOT, users[-1].line, f"the final image runs as root (`USER {user}`)"
            )
        return
    root = df.chain(final)[0]
    if _runs_as_non_root(root.image) or _nothing_runs(root, history):
        return
    yield scan.finding(
        RUNTIME_RUNS_AS_ROOT,
        final.line,
        f"the final stage {final.label} runs as root: neither it nor a stage it is built FROM sets USER",
    )


def scratch_user_by_name(scan: Scan) -> Iterator[Finding]:
    """RD014: a user name in an image that has no /etc/passwd to resolve it."""
    df = scan.dockerfile
    for stage in df.stages:
        if df.root_image(stage) != "scratch":
            continue
        for inst in stage.instructions:
            if inst.cmd != "USER" or not inst.words:
                continue
            user = inst.expand(inst.words[0])
            named = [p for p in user.split(":") if p and not p.isdigit()]
            if not is_known(user) or not named or _has_passwd(df.history(inst)):
                continue
            yield scan.finding(
                SCRATCH_USER_BY_NAME,
                inst.line,
                f"`USER {user}` in a stage built FROM scratch: there is no /etc/passwd to find "
                f"{named[0]!r} in, so the container will not start",
            )


def _runs_as_non_root(image: str) -> bool:
    """Base images known to default to a non-root user (distroless `:nonroot`, Chainguard)."""
    repository, tag = split_image(image)
    if tag is not None and "nonroot" in tag:
        return True
    return repository.startswith("cgr.dev/chainguard/") and "dev" not in (tag or "")


def _nothing_runs(root: Stage, history: list[Instruction]) -> bool:
    """A FROM scratch stage without ENTRYPOINT or CMD only carries files (`docker build -o`)."""
    return root.image == "scratch" and not any(i.cmd in ("ENTRYPOINT", "CMD") for i in history)


def _has_passwd(history: list[Instruction]) -> bool:
    return any(
        inst.cmd in ("COPY", "ADD") and inst.paths[1] and overlap(resolve(inst.workdir, inst.paths[1]), PASSWD)
        for inst in history
    )

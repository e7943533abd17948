"""Rules about the final image: who it runs as."""

from __future__ import annotations

from collections.abc import Iterator

from rustdock.knowledge.images import ROOT, image_user
from rustdock.lint.model.dockerfile import Instruction, Stage
from rustdock.lint.model.words import code, is_known, overlap, resolve, spelled
from rustdock.lint.rules.catalogue import RUNTIME_RUNS_AS_ROOT, SCRATCH_USER_BY_NAME, Finding, Severity
from rustdock.lint.rules.scan import Scan

ROOT_USERS = ("root", "0")  # what USER names root by
PASSWD = "/etc/passwd"


def runtime_runs_as_root(scan: Scan) -> Iterator[Finding]:
    """RD010: the last stage, the image `docker build` produces, runs as root (or may: info)."""
    df = scan.dockerfile
    final = df.stages[-1]
    history = [i for s in df.chain(final) for i in s.instructions]
    users = [i for i in history if i.cmd == "USER" and i.words]
    if users:
        user = users[-1].expand(users[-1].words[0])
        if is_known(user) and user.partition(":")[0] in ROOT_USERS:
            yield scan.finding(
                RUNTIME_RUNS_AS_ROOT, users[-1].line, f"the final image runs as root ({code('USER ' + user)})"
            )
        return
    root = df.chain(final)[0]
    if _nothing_runs(root, history):
        return
    user = image_user(root.image, known=is_known)
    if user == ROOT:
        yield scan.finding(
            RUNTIME_RUNS_AS_ROOT,
            final.line,
            f"the final stage {final.label} runs as root: {spelled(root.image)} runs as root, and neither "
            "the stage nor a stage it is built FROM sets USER",
        )
    elif user is None:
        yield scan.finding(
            RUNTIME_RUNS_AS_ROOT,
            final.line,
            f"the final stage {final.label} sets no USER, and who {spelled(root.image)} runs as cannot be told "
            "from here: root, unless that image sets a user of its own",
            "Add `USER 10001:10001` (any non-zero uid) to the final stage to be sure; if the base image sets "
            "a non-root user itself, say so with `# rustdock-lint: ignore=RD010` above this FROM.",
            level=Severity.INFO,
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
                f"{code('USER ' + user)} in a stage built FROM scratch: there is no /etc/passwd to find "
                f"{named[0]!r} in, so the container will not start",
            )


def _nothing_runs(root: Stage, history: list[Instruction]) -> bool:
    """A FROM scratch stage without ENTRYPOINT or CMD only carries files (`docker build -o`)."""
    return root.image == "scratch" and not any(i.cmd in ("ENTRYPOINT", "CMD") for i in history)


def _has_passwd(history: list[Instruction]) -> bool:
    return any(
        inst.cmd in ("COPY", "ADD") and inst.paths[1] and overlap(resolve(inst.workdir, inst.paths[1]), PASSWD)
        for inst in history
    )

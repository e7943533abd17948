"""RD017: a token or credential reaches an image layer or its history.

From the Dockerfile alone: ARG and ENV named like a secret, COPY and ADD of a credentials file (by its
name, or where it lands), and a RUN that writes one into its layer (`cargo login`, `> ~/.netrc`). Given
the build context, a COPY from it is judged by what the context holds: credential files in its top two
levels that .dockerignore lets through, and registry tokens in its .cargo/config.toml, which cargo-chef
also records in recipe.json.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from rustdock.lint.model.context import Context
from rustdock.lint.model.dockerfile import Instruction
from rustdock.lint.model.secrets import CredentialFile, config_tokens, credential_file, credential_value, secret_name
from rustdock.lint.model.shell import Command, run_commands
from rustdock.lint.model.words import code, is_known, locate, overlap, parts, resolve, spelled
from rustdock.lint.model.writes import command_writes
from rustdock.lint.rules.catalogue import SECRET_IN_IMAGE, Finding, Severity
from rustdock.lint.rules.context import REMOTE
from rustdock.lint.rules.scan import Scan

GLOB = "*?["
VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
CONTEXT_DEPTH = 2  # how deep in the context credential files are looked for: `.netrc`, `.docker/config.json`
MAX_READ = 1 << 20  # credential files are small; a bigger file is not read whole


def secret_in_image(scan: Scan) -> Iterator[Finding]:
    """RD017: a secret in ARG or ENV, a credentials file copied into a stage or written by a RUN."""
    for inst in (*scan.dockerfile.meta_args, *scan.dockerfile.instructions):
        if inst.cmd in ("ARG", "ENV"):
            yield from _variables(scan, inst)
        elif inst.cmd in ("COPY", "ADD"):
            yield from _copied_by_name(scan, inst)
        elif inst.cmd == "RUN":
            yield from _written_by_run(scan, inst)
    if scan.context is not None:
        yield from _copied_from_context(scan, scan.context)


def _variables(scan: Scan, inst: Instruction) -> Iterator[Finding]:
    words = list(inst.words)
    if inst.cmd == "ARG":
        pairs = [(w.partition("=")[0], w.partition("=")[2] if "=" in w else None) for w in words]
    else:
        pairs = list(zip(words[::2], words[1::2]))
    for name, value in pairs:
        what = secret_name(name)
        expanded = inst.expand(value) if value is not None else None
        if what is None or (inst.cmd == "ENV" and expanded == ""):
            continue  # ENV set to nothing clears it
        if expanded and is_known(expanded) and expanded.startswith("/"):
            continue  # it names a path, where the secret is
        secret = name.lower().replace("_", "-")
        fix = (
            f"Drop the {inst.cmd} and mount the secret in the RUN that needs it: `RUN --mount=type=secret,id={secret} "
            f"{name}=\"$(cat /run/secrets/{secret})\" cargo build ...`, built with `docker build --secret "
            f"id={secret},env={name} .`."
        )
        if inst.cmd == "ARG":
            where = (
                "as a build argument: its value is recorded in the image history (`docker history`) and the build's "
                "provenance"
            )
            yield scan.finding(SECRET_IN_IMAGE, inst.line, f"`ARG {name}` passes {what} {where}", fix)
            continue
        config = "into the image config: `docker inspect` and every container of the image see it"
        arguments = [n for n in VARIABLE.findall(value or "") if n in _build_arguments(scan, inst)]
        shape = credential_value(expanded) if expanded and is_known(expanded) else None
        if arguments:
            message = f"`ENV {name}` copies {what} from the build argument `${arguments[0]}` {config}"
        elif shape is not None:
            message = f"`ENV {name}` writes {what} that has the shape of {shape} {config}"
        else:
            yield scan.finding(
                SECRET_IN_IMAGE,
                inst.line,
                f"`ENV {name}` sets a default for {what} in the image config, where `docker inspect` and every "
                "container of the image see it",
                f"Leave the default out of the image and set the value when the container starts "
                f"(`docker run -e {name}=...`); if the build needs it, mount it: " + fix,
                level=Severity.WARNING,
            )
            continue
        yield scan.finding(SECRET_IN_IMAGE, inst.line, message, fix)


def _build_arguments(scan: Scan, inst: Instruction) -> set[str]:
    """The build arguments in scope at `inst`: declared by ARG in its stage or a stage it is built FROM."""
    return {w.partition("=")[0] for i in scan.dockerfile.history(inst) if i.cmd == "ARG" for w in i.words}


def _copied_by_name(scan: Scan, inst: Instruction) -> Iterator[Finding]:
    """A COPY or ADD whose source or destination names a credentials file. A source the build context
    holds is judged by its contents: the context part reports the context's own credential files."""
    sources, destination = inst.paths
    cargo_home = inst.variables.get("CARGO_HOME")
    for source in sources:
        if source.startswith(REMOTE):
            continue
        held = _in_context(scan.context, source) if inst.flag("from") is None else None
        file = credential_file(source, folders=True)
        if held is not None and file is not None:
            if held.is_dir() or len(parts(source)) <= CONTEXT_DEPTH:
                continue  # the context part judges what the context holds there
            if file.holds is not None and not file.holds.search(_text(held)):
                continue
        if file is None and destination is not None:
            file = credential_file(_landing(inst, source, destination, len(sources)), cargo_home)
            if file is not None and file.holds is not None and held is not None and held.is_file():
                file = file if file.holds.search(_text(held)) else None
        if file is not None:
            yield _copy_finding(scan, inst, source, file, "")


def _written_by_run(scan: Scan, inst: Instruction) -> Iterator[Finding]:
    """A RUN that writes a credentials file into its layer and does not delete it again."""
    commands = run_commands(inst)
    for n, command in enumerate(commands):
        environment = inst.variables | command.assignments
        for write in command_writes(command, inst) or []:
            file = credential_file(write.path, environment.get("CARGO_HOME"))
            if (
                file is None
                or any(overlap(write.path, m.target) == "under" for m in inst.mounts)
                or (file.holds is not None and not file.holds.search(inst.script or ""))
                or _removed(commands[n + 1 :], write.path)
            ):
                continue
            named = dict.fromkeys(VARIABLE.findall(inst.script or ""))
            fed = [name for name in named if name in inst.variables and secret_name(name) is not None]
            source = f" from {', '.join(f'`${name}`' for name in fed)}" if fed else ""
            yield scan.finding(
                SECRET_IN_IMAGE,
                inst.line,
                f"{code(spelled(write.spelled))} writes {_shown(write.path)} ({file.what}){source} in this RUN: "
                "the file "
                "stays in its layer",
                f"Do not write it into a layer: mount it for the RUN that needs it, `RUN {file.mount} ...`, built "
                f"with `docker build {file.build} .` (or delete it in the same RUN).",
            )


def _copied_from_context(scan: Scan, context: Context) -> Iterator[Finding]:
    """COPY or ADD from the context of a credential file it holds, or of a .cargo/config.toml with a token."""
    for relative, file in _context_credentials(context):
        copies = _copies_of(scan, relative)
        if copies:
            yield _copy_finding(scan, copies[0], relative, file, _also(copies), context=True)
    config = context.cargo_config_path
    tokens = config_tokens(context.cargo_config)
    if config is None or not tokens:
        return
    relative = config.relative_to(context.root).as_posix()
    copies = [] if context.excluded(relative) else _copies_of(scan, relative)
    if not copies:
        return
    prepares = scan.calls_of("prepare")
    chef = (
        f"; `cargo chef prepare` (line {prepares[0].instruction.line}) records it in recipe.json too, which the "
        "cook stage copies" if prepares else ""
    )
    first = tokens[0]
    yield scan.finding(
        SECRET_IN_IMAGE,
        copies[0].line,
        f"{code(copies[0].cmd + ' ' + ' '.join(copies[0].words))}{_also(copies)} copies {relative}, whose "
        f"{', '.join(t.key for t in tokens)} holds a registry token, into the image{chef}",
        f"Remove the token from {relative} and give it to the RUNs that fetch as a BuildKit secret: `RUN "
        f"--mount=type=secret,id={first.secret} {first.variable}=\"$(cat /run/secrets/{first.secret})\" cargo build "
        f"...`, built with `docker build --secret id={first.secret},env={first.variable} .`.",
    )


def _copy_finding(
    scan: Scan, inst: Instruction, path: str, file: CredentialFile, also: str, *, context: bool = False
) -> Finding:
    origin = " from the build context" if context else ""
    unless = ": .dockerignore does not exclude it" if context else ""
    return scan.finding(
        SECRET_IN_IMAGE,
        inst.line,
        f"{code(inst.cmd + ' ' + ' '.join(inst.words))}{also} copies {path} ({file.what}){origin} into the "
        f"image{unless}",
        f"Leave it out of the image{' (add it to .dockerignore)' if context else ''} and mount it for the RUN that "
        f"needs it: `RUN {file.mount} ...`, built with `docker build {file.build} .`; a mount is in no layer.",
    )


def _copies_of(scan: Scan, relative: str) -> list[Instruction]:
    """The COPY and ADD instructions whose context sources take the file at `relative` along."""
    found = []
    for inst in scan.dockerfile.instructions:
        if inst.cmd not in ("COPY", "ADD") or inst.flag("from") is not None:
            continue
        sources = [s for s in inst.paths[0] if not s.startswith(REMOTE)]
        if any(is_known(s) and overlap(resolve("/", s), "/" + relative) for s in sources):
            found.append(inst)
    return found


def _context_credentials(context: Context) -> list[tuple[str, CredentialFile]]:
    """The credential files in the context's top levels that .dockerignore lets through."""
    found = []
    for path in _top_files(context.root, CONTEXT_DEPTH):
        relative = path.relative_to(context.root).as_posix()
        file = credential_file(relative)
        if file is None or context.excluded(relative):
            continue
        if file.holds is None or file.holds.search(_text(path)):
            found.append((relative, file))
    return found


def _top_files(root: Path, depth: int) -> list[Path]:
    found = []
    try:
        with os.scandir(root) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_file(follow_symlinks=False):  # a link's target is not sent with the context
                    found.append(Path(entry.path))
                elif entry.is_dir(follow_symlinks=False) and depth > 1:
                    found += _top_files(Path(entry.path), depth - 1)
    except OSError:
        pass  # an unreadable folder is not sent to the builder either
    return found


def _text(path: Path) -> str:
    if path.is_symlink():
        return ""  # what it points at is not sent with the context
    try:
        with path.open("rb") as f:
            return f.read(MAX_READ).decode("utf-8", errors="replace")
    except OSError:
        return ""


def _in_context(context: Context | None, source: str) -> Path | None:
    """The context's file or folder `source` names (the first a glob matches); None when there is no
    context or it does not hold the source."""
    if context is None or not is_known(source):
        return None
    relative = resolve("/", source).lstrip("/")
    if any(c in relative for c in GLOB):
        return next(iter(sorted(context.root.glob(relative))), None)
    path = context.root / relative
    return path if path.exists() else None


def _landing(inst: Instruction, source: str, destination: str, count: int) -> str:
    """Where a COPY puts `source`: into the destination folder (a trailing `/`, several sources), or at it."""
    target = locate(inst.workdir, destination)
    if destination.endswith("/") or count > 1:
        return f"{target.rstrip('/')}/{parts(source)[-1] if parts(source) else ''}"
    return target


def _removed(later: list[Command], path: str) -> bool:
    """Whether a later `rm` of the same RUN deletes `path` (or a folder it is in), spelled alike."""
    removed = [locate(c.cwd, a) for c in later if c.program == "rm" for a in c.argv[1:] if not a.startswith("-")]
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in removed)


def _shown(path: str) -> str:
    """A path for a message: `$HOME/.cargo` rather than `/$HOME/.cargo` for one that starts unknowable."""
    shown = spelled(path)
    return shown[1:] if shown.startswith("/$") else shown


def _also(copies: list[Instruction]) -> str:
    others = [str(i.line) for i in copies[1:]]
    return f" (also line{'s' if len(others) > 1 else ''} {', '.join(others)})" if others else ""

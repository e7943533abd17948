"""What an instruction reads from the filesystem of the stage it runs in: the files a RUN's commands
copy, move, strip or install, and the programs CMD, ENTRYPOINT and HEALTHCHECK start.

RD001 compares these paths with the cache mounts of earlier RUNs: what a RUN wrote under a cache
mount is not in the layer, so a later RUN without that mount, or the container, finds nothing there.
Only programs in these tables count as readers: a path handed to anything else is not compared.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from dataclasses import dataclass

from rustdock.lint.model.cargo_calls import cargo_call
from rustdock.lint.model.dockerfile import Instruction
from rustdock.lint.model.shell import Command, commands, run_commands
from rustdock.lint.model.words import overlap, resolve

# Programs that read the files their operands name, with the options that take a value. True: the
# last operand is where to, not a file read (unless -t names that); False: every operand is read.
FILE_READERS: dict[str, tuple[bool, frozenset[str]]] = {
    "cp": (True, frozenset({"-t", "--target-directory", "-S", "--suffix"})),  # GNU coreutils cp(1)
    "mv": (True, frozenset({"-t", "--target-directory", "-S", "--suffix"})),  # GNU coreutils mv(1)
    "install": (  # GNU coreutils install(1); with -d/--directory its operands are directories to make
        True,
        frozenset({"-t", "--target-directory", "-S", "--suffix", "-m", "--mode", "-o", "--owner", "-g", "--group"}),
    ),
    "strip": (  # GNU binutils strip(1)
        False, frozenset({"-o", "-R", "--remove-section", "-K", "--keep-symbol", "-N", "--strip-symbol", "-F",
                          "--target", "-I", "--input-target", "-O", "--output-target"}),
    ),
    "upx": (False, frozenset({"-o"})),  # `upx --help`: -o FILE writes the packed file there
}
TARGET_DIRECTORY = ("-t", "--target-directory")
MAKES_DIRECTORIES = ("-d", "--directory")  # install(1)
# Programs that start another one, and which of their operands it is: a container init or a user switch,
# as ENTRYPOINTs spell them (the READMEs of krallin/tini, Yelp/dumb-init, tianon/gosu, ncopa/su-exec).
LAUNCHERS = {"tini": 0, "dumb-init": 0, "gosu": 1, "su-exec": 1}
STARTING = ("CMD", "ENTRYPOINT", "HEALTHCHECK")


@dataclass(frozen=True)
class LayerRead:
    """A path an instruction reads from its stage's filesystem."""

    path: str  # absolute
    spelled: str  # the command that reads it, for messages (`cp target/release/app`, `ENTRYPOINT`)
    written: tuple[str, ...] = ()  # directories the same RUN wrote into the layer before it (cargo's target dirs)


def run_reads(inst: Instruction) -> Iterator[LayerRead]:
    """The files a RUN's commands read, in order."""
    written: list[str] = []
    for command in run_commands(inst):
        call = cargo_call(command, inst)
        if call is not None and (call.is_build or call.kind == "cook"):
            if not any(m.discards_writes and overlap(call.target_dir, m.target) for m in inst.mounts):
                written.append(call.target_dir)
        elif command.program in FILE_READERS:
            for source in file_operands(command):
                path = resolve(command.cwd, source)
                yield LayerRead(path, f"{command.program} {source}", tuple(written))


def file_operands(command: Command) -> list[str]:
    """The operands of a FILE_READERS command that name files it reads."""
    operands, directory, makes_directories = _operands(command)
    if makes_directories:
        return []
    last_is_destination, _ = FILE_READERS[command.program]
    return operands[:-1] if last_is_destination and directory is None else operands


def destinations(command: Command) -> list[str]:
    """Where a FILE_READERS command writes, as written: the destination (a file, or a directory it copies
    into), `-t DIR`, or the directories `install -d` makes; [] for strip and upx, which write in place."""
    operands, directory, makes_directories = _operands(command)
    if makes_directories:
        return operands
    if not FILE_READERS[command.program][0]:
        return []
    if directory is not None:
        return [directory]
    return operands[-1:] if len(operands) > 1 else []


def _operands(command: Command) -> tuple[list[str], str | None, bool]:
    """A FILE_READERS command's operands, its -t directory, and whether it is `install -d`."""
    _, valued = FILE_READERS[command.program]
    operands: list[str] = []
    directory = None
    makes_directories = False
    args = iter(command.argv[1:])
    for arg in args:
        if arg in MAKES_DIRECTORIES and command.program == "install":
            makes_directories = True
        elif arg in valued:
            value = next(args, None)
            directory = value if arg in TARGET_DIRECTORY else directory
        elif arg.startswith("--target-directory="):
            directory = arg.partition("=")[2]
        elif not arg.startswith("-") or arg == "-":
            operands.append(arg)
    return operands, directory, makes_directories


def started_programs(inst: Instruction) -> list[str]:
    """The absolute paths of the programs a CMD, ENTRYPOINT or HEALTHCHECK starts (PATH lookups left out)."""
    if inst.cmd not in STARTING:
        return []
    words = list(inst.words)
    if inst.cmd == "HEALTHCHECK":
        if not words or words[0].upper() != "CMD":
            return []  # HEALTHCHECK NONE
        words = words[1:]
    # The exec form runs its words as they are; joined and quoted, they read as the same one command.
    script = shlex.join(words) if inst.json else " ".join(words)
    found = []
    for command in commands(script, inst.workdir, inst.variables.get):
        programs = [command.argv[0]]
        if command.program in LAUNCHERS:
            operands = [a for a in command.argv[1:] if not a.startswith("-")]
            index = LAUNCHERS[command.program]
            programs += operands[index : index + 1]
        found += [resolve(command.cwd, p) for p in programs if "/" in p]
    return found

"""Where the commands of a RUN write in the stage's filesystem: the destinations of cp, mv and install,
what mkdir, touch and tee make, output redirections, downloads and archives unpacked into a directory,
and cargo's target dirs, install root and recipe.

RD019 asks whether anything in a stage wrote the path a COPY --from reads; RD017 whether a RUN left a
credentials file in the layer. A program that is in none of these tables may write anywhere (`make
install`, a script), so `command_writes` says it cannot tell (None), and the rules stay silent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rustdock.knowledge.images import STANDARD_DIRS
from rustdock.lint.model.cargo_calls import PROGRAMS, cargo_call
from rustdock.lint.model.dockerfile import Instruction
from rustdock.lint.model.layer_reads import FILE_READERS, destinations
from rustdock.lint.model.shaping import option
from rustdock.lint.model.shell import Command, run_commands
from rustdock.lint.model.words import locate, parts, unknown

ALL = "all"  # every operand is a path it writes
LAST = "last"  # the last operand is where it writes (a file, or a directory it writes into)
NONE = "none"  # no operand is written; only what its options name


@dataclass(frozen=True)
class Write:
    """A path a command writes: `beneath` when it may put anything below it (a directory it makes, copies
    or unpacks into), else the path itself and nothing in it (`touch`, `> file`, a WORKDIR)."""

    path: str  # absolute, expanded; an unknowable part stays a marker (words.unknown)
    beneath: bool
    spelled: str  # the command, for messages


@dataclass(frozen=True)
class Writer:
    """How a program says where it writes."""

    operands: str = NONE
    beneath: bool = False  # what its operands name may receive files below it
    valued: frozenset[str] = frozenset()  # options that take a value, which is then no operand
    files: frozenset[str] = frozenset()  # options whose value is a file it writes
    into: frozenset[str] = frozenset()  # options whose value is a directory it writes into
    cwd: bool = False  # may write into its working directory (a download, an archive, a clone)
    system: bool = False  # writes into the system's own directories (STANDARD_DIRS) and nowhere else


# cp, mv and install are FILE_READERS (layer_reads.py), whose table says where they write too.
WRITERS: dict[str, Writer] = {
    # GNU coreutils mkdir(1): the directories, to put files in (what goes into them is not followed)
    "mkdir": Writer(ALL, beneath=True, valued=frozenset({"-m", "--mode"})),
    "touch": Writer(ALL, valued=frozenset({"-d", "--date", "-r", "--reference", "-t"})),  # touch(1): the files
    "tee": Writer(ALL),  # GNU coreutils tee(1): copies standard input into each FILE
    # ln(1): the last operand is the link, or the directory it goes into (-t DIR)
    "ln": Writer(LAST, beneath=True, valued=frozenset({"-S", "--suffix"}),
                 into=frozenset({"-t", "--target-directory"})),
    "strip": Writer(files=frozenset({"-o"})),  # GNU binutils strip(1): in place, or into -o FILE
    "upx": Writer(files=frozenset({"-o"})),  # `upx --help`: in place, or into -o FILE
    # curl(1): standard output, -o FILE, or -O/-J into the working directory (or --output-dir)
    "curl": Writer(files=frozenset({"-o", "--output"}), into=frozenset({"--output-dir"}), cwd=True),
    # wget(1): into the working directory, -P DIR, or -O FILE
    "wget": Writer(files=frozenset({"-O", "--output-document"}), into=frozenset({"-P", "--directory-prefix"}),
                   cwd=True),
    # GNU tar(1): extracts into the working directory or -C DIR; -f names the archive (written by -c)
    "tar": Writer(files=frozenset({"-f", "--file"}), into=frozenset({"-C", "--directory"}), cwd=True),
    "unzip": Writer(into=frozenset({"-d"}), cwd=True),  # unzip(1): into the working directory or -d DIR
    "git": Writer(ALL, beneath=True, cwd=True),  # git-clone(1): into DIR or one named after the repository
}
# Programs that write nothing but their standard output, or change existing files in place (the POSIX
# utilities' and GNU coreutils' man pages; sed -i, chmod, chown: in place; rm and rmdir only take away;
# tonistiigi/xx's xx-info and xx-verify print).
QUIET = frozenset({
    "echo", "printf", "cat", "ls", "test", "[", "true", "false", ":", "set", "export", "unset", "exit", "cd",
    "sleep", "rm", "rmdir", "chmod", "chown", "chgrp", "sed", "grep", "head", "tail", "wc", "cut", "tr",
    "which", "uname", "id", "whoami", "ldd", "file", "stat", "readlink", "realpath", "dirname", "basename",
    "sha256sum", "sha512sum", "md5sum", "du", "df", "date", "printenv", "nproc", "xx-info", "xx-verify",
})
# Package managers, user and certificate tools: they write into the system's own directories and nowhere
# else (apt-get(8), apt(8), dpkg(1), apk(8) and tonistiigi/xx's xx-apk/xx-apt-get wrapping them, dnf(8),
# useradd(8), adduser(8), groupadd(8), update-ca-certificates(8), ldconfig(8)).
SYSTEM = frozenset({
    "apt-get", "apt", "aptitude", "dpkg", "apk", "xx-apk", "xx-apt-get", "xx-apt", "yum", "dnf", "microdnf",
    "useradd", "adduser", "groupadd", "addgroup", "usermod", "update-ca-certificates", "ldconfig",
})
CREDENTIALS = "credentials"  # writes $CARGO_HOME/credentials.toml
PROJECT = "project"  # writes in the project it runs in (Cargo.lock)
NOTHING = "nothing"
# cargo commands that compile nothing (cargo_calls.py reads those that do), and what they write.
CARGO_COMMANDS = {
    "login": CREDENTIALS,  # the Cargo book, cargo-login(1): saves the token in $CARGO_HOME/credentials.toml
    "fetch": PROJECT,  # cargo-fetch(1): downloads into $CARGO_HOME; writes Cargo.lock when there is none
    "generate-lockfile": PROJECT,  # cargo-generate-lockfile(1): writes Cargo.lock
    "update": PROJECT,  # cargo-update(1): writes Cargo.lock
    "metadata": PROJECT,  # cargo-metadata(1): resolves, and may write Cargo.lock
    "tree": PROJECT,  # cargo-tree(1): likewise
    "version": NOTHING,  # cargo-version(1): prints
    "--version": NOTHING,  # cargo(1): prints the version
    "-V": NOTHING,  # cargo(1): likewise
    "--list": NOTHING,  # cargo(1): prints the installed commands
}
RUSTUP_HOMES = ("RUSTUP_HOME", "CARGO_HOME")  # rustup(1): where toolchains and proxies go; else under $HOME


def run_writes(inst: Instruction) -> list[Write] | None:
    """What a RUN writes, in order; None when one of its commands may write anywhere."""
    found: list[Write] = []
    for command in run_commands(inst):
        writes = command_writes(command, inst)
        if writes is None:
            return None
        found += writes
    return found


def command_writes(command: Command, inst: Instruction) -> list[Write] | None:
    """What one command writes; None when the tables do not say (a program that may write anywhere)."""
    found = [Write(locate(command.cwd, o), False, f"> {o}") for o in command.outputs]
    program = command.program
    if program in PROGRAMS:
        more = _cargo_writes(command, inst)
    elif program == "rustup":
        more = _rustup_writes(command, inst)
    elif program in WRITERS:
        more = list(_writer_writes(WRITERS[program], command))
    elif program in FILE_READERS:
        more = [Write(locate(command.cwd, p), True, f"{program} ... {p}") for p in destinations(command)]
    elif program in SYSTEM:
        more = [Write(d, True, program) for d in STANDARD_DIRS if len(parts(d)) == 1]
    elif program in QUIET:
        more = []
    else:
        return None
    return None if more is None else found + more


def _writer_writes(writer: Writer, command: Command) -> Iterator[Write]:
    args = list(command.argv[1:])
    if command.program == "tar" and args and not args[0].startswith("-"):
        args[0] = "-" + args[0]  # tar(1): the first word may be its options without a dash (`tar xzf a.tgz`)
    operands: list[str] = []
    into = False
    named = writer.files | writer.into | writer.valued
    it = iter(args)
    for arg in it:
        flag, value = _option(arg, named, it)
        if flag is None:
            if not arg.startswith("-") or arg == "-":
                operands.append(arg)
            continue
        if value is None or value == "-" or flag in writer.valued:
            continue
        into |= flag in writer.into
        yield Write(locate(command.cwd, value), flag in writer.into, f"{command.program} {flag} {value}")
    if writer.operands == ALL:
        for operand in operands:
            yield Write(locate(command.cwd, operand), writer.beneath, f"{command.program} {operand}")
    elif writer.operands == LAST and not into:
        where = operands[-1] if len(operands) > 1 else "."  # one operand: a link of that name in the cwd
        yield Write(locate(command.cwd, where), writer.beneath, f"{command.program} ... {where}")
    if writer.cwd and not into:
        yield Write(command.cwd, True, command.program)


def _option(arg: str, named: frozenset[str], rest: Iterator[str]) -> tuple[str | None, str | None]:
    """The option of `named` that `arg` gives, with its value: `-o FILE`, `--output=FILE`, `-fsSLo FILE`,
    `-ofile`; (None, None) when it gives none of them."""
    if arg.startswith("--"):
        name, eq, value = arg.partition("=")
        if name in named:
            return name, value if eq else next(rest, None)
        return None, None
    if arg.startswith("-") and len(arg) > 1:
        for i, letter in enumerate(arg[1:], start=2):
            if f"-{letter}" in named:
                return f"-{letter}", arg[i:] or next(rest, None)
    return None, None


def _cargo_writes(command: Command, inst: Instruction) -> list[Write] | None:
    call = cargo_call(command, inst)
    spelled = call.spelled if call is not None else command.program
    if call is not None and (call.is_build or call.kind == "cook"):
        dirs = [call.target_dir, *(locate(call.cwd, d) for d in call.values("--artifact-dir", "--out-dir"))]
        if call.kind == "cook":
            dirs.append(call.cwd)  # cargo-chef writes the skeleton of the project into it
        return [Write(d, True, spelled) for d in dirs]
    if call is not None and call.kind == "prepare":
        recipe = (call.values("--recipe-path") or ["recipe.json"])[-1]
        return [Write(locate(call.cwd, recipe), False, spelled)]
    environment = inst.variables | command.assignments
    if call is not None:  # cargo install: into --root, CARGO_INSTALL_ROOT or CARGO_HOME (cargo-install(1))
        root = (call.values("--root") or [environment.get("CARGO_INSTALL_ROOT") or _cargo_home(environment)])[-1]
        given = call.values("--target-dir") or environment.get("CARGO_TARGET_DIR")  # else a temporary dir
        installed = [Write(locate(call.cwd, root), True, spelled)]
        return installed + ([Write(call.target_dir, True, spelled)] if given else [])
    words = _command_words(list(command.argv[1:]))
    what = CARGO_COMMANDS.get(words[0]) if words and command.program == "cargo" else None
    if what == CREDENTIALS:
        return [Write(f"{_cargo_home(environment)}/credentials.toml", False, f"cargo {words[0]}")]
    if what == PROJECT:
        return [Write(command.cwd, True, f"cargo {words[0]}")]
    return [] if what == NOTHING else None


def _rustup_writes(command: Command, inst: Instruction) -> list[Write]:
    environment = inst.variables | command.assignments
    homes = [environment[name] for name in RUSTUP_HOMES if name in environment]
    if len(homes) < len(RUSTUP_HOMES):  # the default is below $HOME: a system directory (/root)
        homes += [d for d in STANDARD_DIRS if len(parts(d)) == 1]
    return [Write(locate(command.cwd, home), True, "rustup") for home in homes]


def _cargo_home(environment: dict[str, str]) -> str:
    """$CARGO_HOME, else the Cargo book's default $HOME/.cargo (whose $HOME the linter cannot know)."""
    return environment.get("CARGO_HOME") or f"{unknown('HOME')}/.cargo"


def _command_words(args: list[str]) -> list[str]:
    """cargo's arguments from its command word on: `+toolchain` and global options taken off."""
    if args and args[0].startswith("+"):
        args = args[1:]
    while args and args[0].startswith("-") and args[0] not in CARGO_COMMANDS:
        known = option(args[0])
        args = args[2:] if known is not None and known.valued else args[1:]
    return args

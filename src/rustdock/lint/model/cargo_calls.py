"""`cargo` invocations found in RUN instructions, and the build shape their flags describe.

A build shape is everything that decides which artifacts cargo produces: command, profile,
features, targets, packages, binaries, toolchain and the environment variables that feed rustc
(shaping.py says which are which). `cargo chef cook` and the `cargo build` after it must agree on
all of it, or cargo compiles the dependencies again. A call made through a wrapper (wrappers.py)
is the cargo call the wrapper makes.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from rustdock.lint.model.dockerfile import Instruction
from rustdock.lint.model.shaping import NEUTRAL, UNDECIDED, changes_artifacts, option
from rustdock.lint.model.shell import Branch, Command, run_commands
from rustdock.lint.model.words import is_known, resolve, spelled
from rustdock.lint.model.wrappers import WRAPPERS, wrapper_for

BUILD_COMMANDS = {"build": "build", "b": "build", "check": "check", "c": "check", "clippy": "clippy"}
COMPILING = frozenset({*BUILD_COMMANDS.values(), "zigbuild"})
COOK_COMMANDS = {"--check": "check", "--clippy": "clippy", "--zigbuild": "zigbuild"}
PROGRAMS = frozenset(w.program for w in WRAPPERS)
# cargo's order of precedence for rustc flags (the Cargo book, Configuration, build.rustflags): the first
# that is set is used; any CARGO_TARGET_<triple>_RUSTFLAGS stands for the target.<triple> entries.
RUSTFLAGS_ORDER = ("CARGO_ENCODED_RUSTFLAGS", "RUSTFLAGS", "CARGO_TARGET_*_RUSTFLAGS", "CARGO_BUILD_RUSTFLAGS")
DEFAULT_PROFILES = ("dev", "release")  # a custom profile inherits from one of them: all profile variables count
ALL = "*"  # `--bins`: every binary


@dataclass(frozen=True, eq=False)
class CargoCall:
    """One cargo command: what it runs (build, cook, prepare, install), its flags, cwd, branch."""

    kind: str  # "build" | "check" | "clippy" | "zigbuild" | "cook" | "prepare" | "install"
    args: tuple[str, ...]  # after the command words; a wrapper's own arguments appended
    cwd: str
    toolchain: str | None  # from `cargo +toolchain`
    environment: dict[str, str]
    instruction: Instruction
    spelled: str = "cargo build"  # how the command starts: `xx-cargo chef cook`, `cargo zigbuild`
    branch: Branch = ()  # where in the RUN's script it lies (shell.exclusive)

    @property
    def is_build(self) -> bool:
        return self.kind in COMPILING

    def options(self) -> list[tuple[str, str | None]]:
        """Every option given, with its value (None for a switch): `--opt v`, `--opt=v`, `-pv`."""
        found: list[tuple[str, str | None]] = []
        args = iter(self.args)
        for arg in args:
            name, eq, value = arg.partition("=")
            known = option(arg)
            if arg.startswith("--") and eq:
                found.append((name, value))
            elif known is not None and known.valued:
                found.append((arg, next(args, None)))
            elif arg[:1] == "-" and arg[1:2] not in ("", "-") and (short := option(arg[:2])) and short.valued:
                found.append((arg[:2], arg[2:].removeprefix("=")))
            elif arg.startswith("-"):
                found.append((arg, None))
        return found

    def values(self, *names: str) -> list[str]:
        """Every value given to the options `names`."""
        return [v for n, v in self.options() if n in names and v is not None]

    def has(self, *flags: str) -> bool:
        return any(n in flags and v is None for n, v in self.options())

    @property
    def locked(self) -> bool:
        return self.has("--locked", "--frozen")

    @property
    def target_dir(self) -> str:
        given = self.values("--target-dir") or [self.environment.get("CARGO_TARGET_DIR", "")]
        return resolve(self.cwd, given[-1] or "target")

    def shape(self) -> BuildShape:
        given: dict[str, list[tuple[str, str | None]]] = {}
        for name, value in self.options():
            known = option(name)
            if known is not None and known.effect not in (NEUTRAL, UNDECIDED):
                given.setdefault(known.effect, []).append((name, value))
        profile = "dev"
        for name, value in given.get("profile", []):
            profile = (value or "dev") if name == "--profile" else "release"
        features: set[str] = set()
        for name, value in given.get("features", []):
            if value:
                features.update(f for f in value.replace(",", " ").split() if f)
        switches = {name for name, _ in given.get("features", [])}
        all_features = "--all-features" in switches
        # `default` is on unless --no-default-features; naming it turns it back on. --all-features turns on all.
        no_default = "--no-default-features" in switches and "default" not in features and not all_features
        features = set() if all_features else features - {"default"}
        build_target = self.environment.get("CARGO_BUILD_TARGET")
        targets = {v for _, v in given.get("target", []) if v} or ({build_target} if build_target else set())
        bins: frozenset[str] | None = frozenset(v for _, v in given.get("bins", []) if v) or None
        if any(name == "--bins" for name, _ in given.get("bins", [])):
            bins = frozenset({ALL})
        command = self.kind
        if self.kind == "cook":
            command = next((COOK_COMMANDS[n] for n, _ in given.get("command", []) if n in COOK_COMMANDS), "build")
        return BuildShape(
            command=command,
            profile=profile,
            features=frozenset(features),
            no_default_features=no_default,
            all_features=all_features,
            targets=frozenset(targets),
            packages=frozenset(v for _, v in given.get("packages", []) if v),
            workspace=bool(given.get("workspace")),
            bins=bins,
            toolchain=self.toolchain,
            environment=_shaping_environment(self.environment, profile),
        )


@dataclass(frozen=True)
class BuildShape:
    command: str
    profile: str
    features: frozenset[str]  # `default` left out: it is on unless no_default_features
    no_default_features: bool
    all_features: bool
    targets: frozenset[str]  # --target, else CARGO_BUILD_TARGET
    packages: frozenset[str]
    workspace: bool
    bins: frozenset[str] | None  # None: no --bin/--bins given
    toolchain: str | None
    environment: tuple[tuple[str, str], ...]  # the variables that change what is compiled, as cargo uses them


def differences(cook: BuildShape, build: BuildShape) -> list[str]:
    """What `cargo chef cook` was given that the build was not, in words; [] when they agree.

    A value the linter cannot know (an ARG without a default) is not compared with anything, except
    that a --target on one side only is a difference whatever its value.
    """
    found = []
    for label, a, b in (
        ("command", cook.command, build.command),
        ("profile", cook.profile, build.profile),
        ("--features", _words(cook.features), _words(build.features)),
        ("--no-default-features", cook.no_default_features, build.no_default_features),
        ("--all-features", cook.all_features, build.all_features),
        ("--target", _words(cook.targets), _words(build.targets)),
        ("-p/--package", _words(cook.packages), _words(build.packages)),
        ("--workspace", cook.workspace, build.workspace),
        ("toolchain (+name)", cook.toolchain, build.toolchain),
    ):
        certain = is_known(str(a)) and is_known(str(b)) or (label == "--target" and not (a and b))
        if a != b and certain:
            found.append(f"{label}: cook {_show(a)}, build {_show(b)}")
    if not _covers(cook.bins, build.bins):
        found.append(f"--bin: cook {_show(_words(cook.bins or ()))}, build {_show(_words(build.bins or ()))}")
    cook_env, build_env = dict(cook.environment), dict(build.environment)
    for name in sorted(cook_env.keys() | build_env.keys()):
        a, b = cook_env.get(name, ""), build_env.get(name, "")
        if a != b and is_known(a) and is_known(b):
            found.append(f"{name}: cook {_show(a)}, build {_show(b)}")
    return found


def _shaping_environment(environment: dict[str, str], profile: str) -> tuple[tuple[str, str], ...]:
    """The variables that change what cargo compiles, as cargo uses them: one set of rustc flags (the
    first of RUSTFLAGS_ORDER, under the name RUSTFLAGS unless it is per target), and the profile
    variables of the profile in use."""
    kept = {k: v for k, v in environment.items() if changes_artifacts(k) and k != "CARGO_BUILD_TARGET"}
    if profile in DEFAULT_PROFILES:
        own = f"CARGO_PROFILE_{profile.upper()}_"
        kept = {k: v for k, v in kept.items() if not k.startswith("CARGO_PROFILE_") or k.startswith(own)}
    flags = {k: v for k, v in kept.items() if any(fnmatchcase(k, p) for p in RUSTFLAGS_ORDER)}
    for pattern in RUSTFLAGS_ORDER:
        used = sorted(k for k in flags if fnmatchcase(k, pattern))
        if used:
            for name in flags.keys() - set(used):
                del kept[name]
            for name in used:
                words = kept.pop(name).split("\x1f" if name == "CARGO_ENCODED_RUSTFLAGS" else None)
                kept[name if "_TARGET_" in name else "RUSTFLAGS"] = " ".join(w for w in words if w)
            break
    return tuple(sorted(kept.items()))


def _covers(cook: frozenset[str] | None, build: frozenset[str] | None) -> bool:
    """Whether cook compiled the dependencies of every binary the build selects."""
    if cook is None or ALL in cook:
        return True
    return build is not None and ALL not in build and build <= cook


def _words(items: frozenset[str] | tuple[str, ...]) -> str:
    return " ".join(sorted(items))


def _show(value: object) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return f"`{spelled(str(value))}`" if value else "(none)"


def cargo_calls(inst: Instruction) -> list[CargoCall]:
    """The cargo invocations of a RUN instruction, in order."""
    return [call for command in run_commands(inst) if (call := cargo_call(command, inst)) is not None]


def cargo_call(command: Command, inst: Instruction) -> CargoCall | None:
    """The cargo call a command makes, directly or through a wrapper; None when it makes none."""
    if command.program not in PROGRAMS:
        return None
    args = list(command.argv[1:])
    toolchain = args.pop(0)[1:] if args and args[0].startswith("+") else None
    cwd, global_flags = _global_flags(args, command.cwd)
    wrapper = wrapper_for(command.program, tuple(args))
    if wrapper is None:
        return None
    del args[: len(wrapper.words)]
    cwd, more = _global_flags(args, cwd)
    global_flags += more
    words: tuple[str, ...] = ()
    if wrapper.command is not None:
        kind = wrapper.command
    elif args[:1] == ["chef"] and args[1:2] in (["cook"], ["prepare"]):
        kind, words = args[1], ("chef", args[1])
    elif args and args[0] in BUILD_COMMANDS:
        kind, words = BUILD_COMMANDS[args[0]], (args[0],)
    elif args[:1] == ["install"]:
        kind, words = "install", ("install",)
    else:
        return None
    rest = args[len(words) :]
    return CargoCall(
        kind=kind,
        args=(*rest, *global_flags, *wrapper.implied),
        cwd=cwd,
        toolchain=toolchain,
        environment=inst.variables | command.assignments,
        instruction=inst,
        spelled=" ".join((wrapper.spelled, *words)),
        branch=command.branch,
    )


def _global_flags(args: list[str], cwd: str) -> tuple[str, list[str]]:
    """Take the options before the command word off `args`: cargo's global ones (`--locked`, `-C dir`)."""
    taken: list[str] = []
    while args and args[0].startswith("-"):
        flag = args.pop(0)
        known = option(flag)
        value = args.pop(0) if known is not None and known.valued and args else None
        if flag == "-C" and value is not None:
            cwd = resolve(cwd, value)
        else:
            taken += [flag] if value is None else [flag, value]
    return cwd, taken

"""`cargo` invocations found in RUN instructions, and the build shape their flags describe.

A build shape is everything that decides which artifacts cargo produces: command, profile,
features, targets, packages, binaries, lockfile mode, toolchain and the environment variables
that feed rustc. `cargo chef cook` and the `cargo build` after it must agree on all of it, or
cargo compiles the dependencies again.
"""

from __future__ import annotations

from dataclasses import dataclass

from rustdock.lint.model import Instruction
from rustdock.lint.shell import Command, run_commands
from rustdock.lint.words import is_known, resolve

BUILD_COMMANDS = {"build": "build", "b": "build", "check": "check", "c": "check", "clippy": "clippy",
                  "zigbuild": "zigbuild"}
# Options that take a value, for `cargo build`, `cargo chef cook` and `cargo install`.
VALUED = frozenset(
    "--package -p --exclude --jobs -j --bin --example --test --bench --features -F --target --target-dir "
    "--manifest-path --message-format --color --config -Z --profile --recipe-path --artifact-dir "
    "--out-dir --lockfile-path --version --git --branch --tag --rev --path --root --index --registry "
    "-C".split()
)
GLOBAL_FLAGS = frozenset({"--locked", "--offline", "--frozen", "-q", "--quiet", "-v", "-vv", "--verbose"})
COOK_COMMANDS = {"--check": "check", "--clippy": "clippy", "--zigbuild": "zigbuild"}
SHAPING_ENV = ("RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS", "CARGO_BUILD_", "CARGO_PROFILE_")
ALL = "*"  # `--bins`: every binary


@dataclass(frozen=True, eq=False)
class CargoCall:
    """One `cargo ...` command: what it runs (build, cook, prepare, install), its flags, cwd."""

    kind: str  # "build" | "check" | "clippy" | "zigbuild" | "cook" | "prepare" | "install"
    args: tuple[str, ...]
    cwd: str
    toolchain: str | None  # from `cargo +toolchain`
    environment: dict[str, str]
    instruction: Instruction

    @property
    def is_build(self) -> bool:
        return self.kind in BUILD_COMMANDS.values()

    def values(self, *names: str) -> list[str]:
        """Every value given to the options `names` (`--opt v`, `--opt=v`, `-pv`)."""
        found = []
        for i, arg in enumerate(self.args):
            for name in names:
                if arg == name and i + 1 < len(self.args):
                    found.append(self.args[i + 1])
                elif arg.startswith(name + "=") or (len(name) == 2 and arg.startswith(name) and arg != name
                                                    and not arg.startswith("--")):
                    found.append(arg[len(name) + (arg[len(name):].startswith("=")):])
        return found

    def has(self, *flags: str) -> bool:
        return any(f in self._switches() for f in flags)

    def _switches(self) -> set[str]:
        switches, skip = set(), False
        for arg in self.args:
            if skip:
                skip = False
            elif arg in VALUED:
                skip = True
            else:
                switches.add(arg)
        return switches

    @property
    def locked(self) -> bool:
        return self.has("--locked", "--frozen")

    @property
    def target_dir(self) -> str:
        given = self.values("--target-dir") or [self.environment.get("CARGO_TARGET_DIR", "")]
        return resolve(self.cwd, given[-1] or "target")

    def shape(self) -> BuildShape:
        features: set[str] = set()
        for value in self.values("--features", "-F"):
            features.update(f for f in value.replace(",", " ").split() if f)
        profiles = self.values("--profile")
        profile = profiles[-1] if profiles else ("release" if self.has("--release", "-r") else "dev")
        bins: frozenset[str] | None = frozenset(self.values("--bin")) or None
        if self.has("--bins"):
            bins = frozenset({ALL})
        command = self.kind
        if self.kind == "cook":
            command = next((c for f, c in COOK_COMMANDS.items() if self.has(f)), "build")
        return BuildShape(
            command=command,
            profile=profile,
            features=frozenset(features),
            no_default_features=self.has("--no-default-features"),
            all_features=self.has("--all-features"),
            targets=frozenset(self.values("--target")),
            packages=frozenset(self.values("--package", "-p")),
            workspace=self.has("--workspace", "--all"),
            bins=bins,
            locked=self.locked,
            toolchain=self.toolchain,
            environment=tuple(sorted((k, v) for k, v in self.environment.items() if k.startswith(SHAPING_ENV))),
        )


@dataclass(frozen=True)
class BuildShape:
    command: str
    profile: str
    features: frozenset[str]
    no_default_features: bool
    all_features: bool
    targets: frozenset[str]
    packages: frozenset[str]
    workspace: bool
    bins: frozenset[str] | None  # None: no --bin/--bins given
    locked: bool  # --offline is not here: it changes network access, not artifacts
    toolchain: str | None
    environment: tuple[tuple[str, str], ...]


def differences(cook: BuildShape, build: BuildShape) -> list[str]:
    """What `cargo chef cook` was given that the build was not, in words; [] when they agree."""
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
        ("--locked/--frozen", cook.locked, build.locked),
        ("toolchain (+name)", cook.toolchain, build.toolchain),
    ):
        if a != b:
            found.append(f"{label}: cook {_show(a)}, build {_show(b)}")
    if not _covers(cook.bins, build.bins):
        found.append(f"--bin: cook {_show(_words(cook.bins or ()))}, build {_show(_words(build.bins or ()))}")
    cook_env, build_env = dict(cook.environment), dict(build.environment)
    for name in sorted(cook_env.keys() | build_env.keys()):
        a, b = cook_env.get(name, ""), build_env.get(name, "")
        if a != b and is_known(a) and is_known(b):
            found.append(f"{name}: cook {_show(a)}, build {_show(b)}")
    return found


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
    return f"`{value}`" if value else "(none)"


def cargo_calls(inst: Instruction) -> list[CargoCall]:
    """The cargo invocations of a RUN instruction, in order."""
    calls = [_call(c, inst) for c in run_commands(inst) if c.program == "cargo"]
    return [c for c in calls if c is not None]


def _call(command: Command, inst: Instruction) -> CargoCall | None:
    args = list(command.argv[1:])
    toolchain = args.pop(0)[1:] if args and args[0].startswith("+") else None
    cwd = command.cwd
    global_flags = []
    while args and args[0].startswith("-"):
        flag = args.pop(0)
        if flag in ("-C", "--config", "-Z", "--color") and args:
            value = args.pop(0)
            cwd = resolve(cwd, value) if flag == "-C" else cwd
        elif flag in GLOBAL_FLAGS:
            global_flags.append(flag)
    if not args:
        return None
    sub, rest = args[0], args[1:]
    if sub == "chef" and rest and rest[0] in ("cook", "prepare"):
        kind, rest = rest[0], rest[1:]
    elif sub in BUILD_COMMANDS:
        kind = BUILD_COMMANDS[sub]
    elif sub == "install":
        kind = "install"
    else:
        return None
    environment = inst.variables | command.assignments
    return CargoCall(kind, tuple(rest) + tuple(global_flags), cwd, toolchain, environment, inst)

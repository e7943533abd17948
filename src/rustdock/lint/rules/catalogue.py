"""The catalogue of lint rules, and the Finding a rule reports."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class Severity(Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    summary: str  # what it finds, one line, for docs and SARIF
    why: str
    fix: str  # the general fix; a finding may say something more specific
    needs_context: bool = False  # reads the build context (.dockerignore, Cargo.lock, .cargo/config.toml)


@dataclass(frozen=True)
class Finding:
    rule: Rule
    path: str
    line: int
    message: str
    fix: str
    # Lower than the rule's severity when this finding is less sure or less grave than the rule: RD010 on a
    # base image it does not know says "cannot tell" as info, RD017 on a secret's literal default warns. One
    # rule id keeps one suppression, one row in the docs and one SARIF rule (whose default level a result may
    # lower). Never higher: the guard picks error rules by their severity, then their error findings.
    level: Severity | None = None

    def __post_init__(self) -> None:
        if self.level is not None and self.level.rank > self.rule.severity.rank:
            raise ValueError(f"{self.rule.id}: a finding cannot be more severe than its rule")

    @property
    def severity(self) -> Severity:
        return self.level or self.rule.severity

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "rule": self.rule.id,
            "name": self.rule.name,
            "severity": self.severity.value,
            "message": self.message,
            "why": self.rule.why,
            "fix": self.fix,
        }


COPY_FROM_CACHE_MOUNT = Rule(
    "RD001", "copy-from-cache-mount", Severity.ERROR,
    "COPY --from, a mount from=, a later RUN or CMD/ENTRYPOINT reads a path a cache mount kept out of the stage.",
    "A cache or tmpfs mount is not part of the stage's filesystem snapshot: what a RUN writes under it is gone "
    "from the layer when the RUN ends. COPY --from, a later RUN without the mount and the container read the "
    "snapshot, so they find nothing there (\"not found\"), or, if `COPY . .` brought the host's target/ in, "
    "a stale binary whose layer stays cached: rebuilding never changes the app.",
    "Copy the artifacts out of the mounted directory in the same RUN (`cp target/release/app /out/`) "
    "and use that path, which no mount covers.",
)
HOST_TARGET_IN_CONTEXT = Rule(
    "RD002", "host-target-in-context", Severity.WARNING,
    "COPY/ADD sends the host's target/ into the build: .dockerignore does not exclude it.",
    "The host's target/ holds binaries built for another machine. In the image it can shadow the "
    "build's own output (a stale binary that is copied silently), and every local build changes "
    "the context, so the COPY layer and everything after it is rebuilt.",
    "Add `target/` to .dockerignore.",
    needs_context=True,
)
CHEF_WITHOUT_COOK = Rule(
    "RD003", "chef-without-cook", Severity.ERROR,
    "`cargo chef prepare` writes a recipe that no `cargo chef cook` uses.",
    "cargo-chef caches dependencies only when `cargo chef cook` compiles them from the recipe in a "
    "layer of its own. Without cook, every source change compiles every dependency again.",
    "Add a stage that copies recipe.json and runs `cargo chef cook` with the build's flags, "
    "then build FROM it.",
)
COOK_AFTER_SOURCE_COPY = Rule(
    "RD004", "cook-after-source-copy", Severity.ERROR,
    "`cargo chef cook` runs after the whole source tree was copied in.",
    "The cook layer's cache key then includes every source file: any change invalidates it and "
    "the dependencies compile again, which is exactly what cargo-chef is there to avoid.",
    "Cook in a stage that only has recipe.json (`COPY --from=planner /app/recipe.json recipe.json`), "
    "and `COPY . .` after the cook.",
)
COOK_BUILD_FLAGS_DIFFER = Rule(
    "RD005", "cook-build-flags-differ", Severity.ERROR,
    "`cargo chef cook` and the `cargo build` after it get different build flags.",
    "Profile, features, target, packages, binaries and lockfile flags decide which dependency "
    "artifacts cargo needs. When the build asks for others than cook compiled, cargo compiles "
    "the dependencies again and the cook layer was for nothing.",
    "Pass the same build-shaping flags to `cargo chef cook` and `cargo build`.",
)
COOK_BUILD_DIRECTORY_DIFFERS = Rule(
    "RD006", "cook-build-directory-differs", Severity.ERROR,
    "`cargo chef cook` and `cargo build` run in different directories or target dirs.",
    "cargo looks for the cooked dependencies in the target dir of the directory it runs in. "
    "Cooking in one WORKDIR and building in another means the build finds none of them.",
    "Use one WORKDIR (and --target-dir, if any) for the cook and the build stages.",
)
RUST_VERSION_DIFFERS = Rule(
    "RD007", "rust-version-differs", Severity.ERROR,
    "The stages that cook and build use different Rust versions.",
    "Artifacts of one compiler version are useless to another: the build recompiles every "
    "dependency that cook compiled.",
    "Build the cook and build stages FROM one base stage (or the same image tag).",
)
TARGET_MOUNT_HIDES_COOK = Rule(
    "RD008", "target-mount-hides-cook", Severity.WARNING,
    "A target cache mount on the build RUN hides the cooked target dir and nothing seeds it.",
    "Cache mounts are not exported with the layer cache (--cache-to), so on a fresh CI builder the "
    "mount starts empty and covers the target dir that `cargo chef cook` filled: the build "
    "compiles every dependency again even though the cook layer came from the cache.",
    "Seed the mount from the cook stage: `--mount=type=cache,target=/app/target,from=cook,"
    "source=/app/target`, or drop the target mount.",
)
MV_FROM_CACHE_MOUNT = Rule(
    "RD009", "mv-from-cache-mount", Severity.INFO,
    "`mv` takes a build artifact out of a cache mount.",
    "The moved file is gone from the cache, so the next build sees a missing output and links it "
    "again, even when nothing changed.",
    "Use `cp` (or `install`) instead of `mv`.",
)
RUNTIME_RUNS_AS_ROOT = Rule(
    "RD010", "runtime-runs-as-root", Severity.WARNING,
    "The final image runs as root.",
    "A process that runs as root turns any exploitable bug into root in the container, and into "
    "write access to whatever is mounted into it.",
    "Add `USER 10001:10001` (any non-zero uid) to the runtime stage.",
)
BUILD_WITHOUT_LOCKED = Rule(
    "RD011", "build-without-locked", Severity.WARNING,
    "`cargo build` runs without --locked although the project has a Cargo.lock.",
    "Without --locked cargo may resolve and build different dependency versions than the lockfile "
    "records when it is out of date, so the image is not what was tested.",
    "Pass --locked (to `cargo chef cook` as well).",
    needs_context=True,
)
INSTALL_WITHOUT_LOCKED = Rule(
    "RD012", "install-without-locked", Severity.WARNING,
    "`cargo install` runs without --locked.",
    "`cargo install` ignores Cargo.lock unless given --locked and resolves the newest compatible "
    "dependencies at build time, so a new release of any of them can change or break the image.",
    "Add --locked to `cargo install`.",
)
COOK_INTO_CACHE_MOUNT = Rule(
    "RD013", "cook-into-cache-mount", Severity.WARNING,
    "`cargo chef cook` writes its target dir into a cache mount and does not copy it into the layer.",
    "What cook compiles then lands in the mount, not in the layer. When the cook layer comes from "
    "the layer cache (a CI builder whose cache mounts start empty), cook does not run and the "
    "build compiles every dependency again.",
    "Drop the target mount from the cook RUN, or copy the target dir into the layer in the same RUN "
    "(`&& cp -a /app/target /deps/target`); seed the build RUN's target mount from what the layer "
    "holds, `from=<cook stage>,source=<that dir>`.",
)
SCRATCH_USER_BY_NAME = Rule(
    "RD014", "scratch-user-by-name", Severity.ERROR,
    "USER names a user or group in an image built FROM scratch, which has no /etc/passwd.",
    "The name is looked up when the container starts; without /etc/passwd and /etc/group the "
    "container fails with \"unable to find user\".",
    "Use numeric ids, e.g. `USER 10001:10001`.",
)
RUNTIME_LACKS_LIBRARY = Rule(
    "RD015", "runtime-lacks-library", Severity.WARNING,
    "The build installs a library's -dev package, and the final image lacks the library the binary links.",
    "With the -dev package in the builder, the -sys crate (openssl-sys, pq-sys, libsqlite3-sys, ...) links the "
    "shared library dynamically, so the binary loads it when it starts. The final image starts FROM another "
    "base that does not hold it, and the container exits with \"error while loading shared libraries\".",
    "Install the runtime package in the final stage (libssl-dev: libssl3, libpq-dev: libpq5, ...), "
    "or link the library statically.",
)
COOK_BEFORE_LINKER = Rule(
    "RD016", "cook-before-linker", Severity.WARNING,
    "`cargo chef cook` links with a linker .cargo/config.toml asks for, before anything installs it.",
    "cargo-chef copies .cargo/config.toml into its recipe, so `cargo chef cook` already links with the linker "
    "and rustflags it names (`linker = \"clang\"`, `-C link-arg=-fuse-ld=mold`). The official Rust images hold "
    "gcc and nothing of clang, lld or mold: the cook fails with \"linker `clang` not found\" or "
    "\"cannot find 'ld'\".",
    "Install the linker's package (clang, lld, mold) in the stage the cook builds on, before the cook.",
    needs_context=True,
)

SECRET_IN_IMAGE = Rule(
    "RD017", "secret-in-image", Severity.ERROR,
    "A token or credential reaches an image layer or its history: ARG/ENV, a credentials file copied or written.",
    "Build arguments are recorded in the image's history and in provenance attestations, ENV in its config, and a "
    "file a COPY or RUN leaves in a layer stays in it even when a later instruction deletes it. Anyone who can "
    "pull the image (or its build cache) can read the token.",
    "Give the build the token as a BuildKit secret, mounted only for the RUN that needs it: "
    "`RUN --mount=type=secret,id=token TOKEN=\"$(cat /run/secrets/token)\" cargo build ...`, built with "
    "`docker build --secret id=token,env=TOKEN`.",
)
SWALLOWED_INSTRUCTION = Rule(
    "RD018", "swallowed-instruction", Severity.ERROR,
    "A line continuation swallows the next instruction: a line of a continued instruction starts with FROM, RUN, "
    "COPY, ...",
    "BuildKit joins a line that ends with `\\` to the next line that is neither blank nor a comment, whatever it "
    "holds. The instruction written there becomes shell text of the RUN above it (or words of another "
    "instruction): the stage it starts does not exist, or the RUN fails or does something else.",
    "Remove the trailing `\\` from the last line of the instruction above.",
)
COPY_FROM_UNPRODUCED_PATH = Rule(
    "RD019", "copy-from-unproduced-path", Severity.WARNING,
    "COPY --from=<stage> reads a path that nothing in that stage produced.",
    "COPY --from reads the stage's filesystem. When no COPY, RUN or WORKDIR of the stage (or a stage it is built "
    "FROM) wrote the path and its base image does not hold it, the build fails with \"not found\": usually a "
    "binary name, profile or target dir that differs from what the build wrote.",
    "Copy from the path the stage's build writes (`cp target/release/app /out/` in the build RUN, then "
    "`COPY --from=builder /out/app ...`).",
)
TARGET_CACHE_SHARED_ACROSS_PLATFORMS = Rule(
    "RD020", "target-cache-shared-across-platforms", Severity.WARNING,
    "A stage that runs once per target platform mounts one cache on cargo's target dir for all platforms, and "
    "cargo writes every platform's output to the same paths.",
    "BuildKit keys a cache mount by its id (the target path when there is none), not by platform. An emulated "
    "stage (its FROM names no build platform) runs once per platform, and without a --target per platform cargo "
    "writes each one's binaries to the same target/<profile>/ there: the builds wait for each other (BuildKit's "
    "lock with `sharing=locked`, cargo's lock on the directory with `shared`) and the binary left there is the "
    "last platform's, which a command after cargo in the other platform's RUN can pick up.",
    "Put the platform into the id: `--mount=type=cache,id=target-$TARGETPLATFORM,target=/app/target`, with "
    "`ARG TARGETPLATFORM` declared in the stage (or one it is built FROM).",
)

RULES: tuple[Rule, ...] = (
    COPY_FROM_CACHE_MOUNT,
    HOST_TARGET_IN_CONTEXT,
    CHEF_WITHOUT_COOK,
    COOK_AFTER_SOURCE_COPY,
    COOK_BUILD_FLAGS_DIFFER,
    COOK_BUILD_DIRECTORY_DIFFERS,
    RUST_VERSION_DIFFERS,
    TARGET_MOUNT_HIDES_COOK,
    MV_FROM_CACHE_MOUNT,
    RUNTIME_RUNS_AS_ROOT,
    BUILD_WITHOUT_LOCKED,
    INSTALL_WITHOUT_LOCKED,
    COOK_INTO_CACHE_MOUNT,
    SCRATCH_USER_BY_NAME,
    RUNTIME_LACKS_LIBRARY,
    COOK_BEFORE_LINKER,
    SECRET_IN_IMAGE,
    SWALLOWED_INSTRUCTION,
    COPY_FROM_UNPRODUCED_PATH,
    TARGET_CACHE_SHARED_ACROSS_PLATFORMS,
)


def rule_for(key: str) -> Rule | None:
    """The rule named by its id (`RD001`, any case) or its name (`copy-from-cache-mount`)."""
    key = key.strip().lower()
    return next((r for r in RULES if key in (r.id.lower(), r.name)), None)

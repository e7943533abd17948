"""The cache layout: which BuildKit cache mounts each RUN gets, with the reasoning beside it."""

from __future__ import annotations

from dataclasses import dataclass

CARGO_HOME = "/usr/local/cargo"
DEPS_DIR = "/deps"


@dataclass(frozen=True)
class CacheMount:
    id: str
    target: str
    sharing: str = "locked"
    from_stage: str | None = None  # seed an empty cache from this stage's `source`
    source: str | None = None


@dataclass(frozen=True)
class DepsChoice:
    """Where the build RUN's caches start from, chosen per build with `--build-arg RUSTDOCK_DEPS=VALUE`.

    `layer` (the default): from what cook compiled and downloaded, copied into its layer, which
    a builder that starts empty gets from the layer cache (CI, a remote cache) and then compiles
    no dependency. `cache`: from nothing. The builder is then FROM chef, so neither the planner nor
    cook runs: the build RUN compiles everything in its own cache mount, as docker init's
    Dockerfile does. Adding a dependency compiles just that one without copying the target dir into
    a layer, and the build cache holds the dependencies once, but an empty builder compiles them all.
    """

    arg: str
    default: str
    stage: str  # what the builder is FROM: `FROM {stage}-${arg} AS {stage}`
    choices: tuple[tuple[str, str], ...]  # (value, the stage it names: FROM cook, or FROM chef and empty)

    def stage_of(self, value: str) -> str:
        return f"{self.stage}-{value}"


DEPS = DepsChoice(arg="RUSTDOCK_DEPS", default="layer", stage="deps", choices=(("layer", "cook"), ("cache", "chef")))


@dataclass(frozen=True)
class SourceRecord:
    """What the target cache was last built from: the hashes of the build context's files."""

    record: str  # in the target cache, beside what cargo built from those sources
    skip: str | None  # the target dir, when it lies in the build context: not a source


@dataclass(frozen=True)
class CargoCaches:
    cook_mounts: tuple[CacheMount, ...]
    cooked: tuple[tuple[str, str], ...]  # (cache-mounted dir, its copy under DEPS_DIR in cook's layer)
    build_mounts: tuple[CacheMount, ...]
    sources: SourceRecord


def cargo_caches(cache_id: str, target_dir: str, workdir: str, platform: str | None = None) -> CargoCaches:
    """The cook RUN's mounts, what cook copies into its layer, and the build RUN's mounts.

    cook compiles into a cache of its own, so adding a dependency compiles just that one, then
    copies the target dir and the registry into its layer (DEPS_DIR). The build RUN's caches are
    seeded from DEPS_DIR in the stage the builder is FROM (DEPS.stage): with the default, those
    copies, so an empty cache (a fresh CI builder, whose cook layer came from the layer cache)
    starts with every dependency compiled and downloaded, and a warm cache stays incremental;
    with `cache`, an empty DEPS_DIR (DepsChoice). BuildKit keys a seeded cache by its id and the
    content of the `from` stage, so projects that share an id on one builder still get separate
    dirs, and so do the two choices. With `platform` (a variable each platform's build sets), the
    target caches are one per platform: two platforms' builds never share a target dir. The registry and git caches hold sources, the same for every platform.
    """
    suffix = f"-{platform}" if platform else ""
    registry_dir = f"{CARGO_HOME}/registry"
    git_db = CacheMount(id="cargo-git-db", target=f"{CARGO_HOME}/git/db")
    cooked = ((target_dir, f"{DEPS_DIR}/target"), (registry_dir, f"{DEPS_DIR}/registry"))
    cook_mounts = (
        CacheMount(id="cargo-registry", target=registry_dir),
        git_db,
        CacheMount(id=f"{cache_id}-cook-target{suffix}", target=target_dir),
    )
    build_mounts = (
        CacheMount(id=f"{cache_id}-registry", target=registry_dir, from_stage=DEPS.stage, source=cooked[1][1]),
        git_db,
        CacheMount(id=f"{cache_id}-target{suffix}", target=target_dir, from_stage=DEPS.stage, source=cooked[0][1]),
    )
    return CargoCaches(cook_mounts, cooked, build_mounts, source_record(target_dir, workdir))


def source_record(target_dir: str, workdir: str) -> SourceRecord:
    """Content, not time, decides what is stale in a shared target cache.

    Cargo rebuilds a workspace crate when a source file is newer than what it built. The target
    cache is shared by every build of the project on the builder (that is what keeps it warm), so
    a tree whose changed files are older than the last build's output — another worktree or
    branch, an unpacked archive — would get that other tree's binary, silently (reproduced: two
    copies of the example, built one after the other, both images ran the first one's code).
    The build RUN therefore hashes the build context, touches every file whose hash is not in the
    record the last build left in the cache, builds, and writes the new record: cargo sees what
    changed by content, and what did not stays compiled.
    """
    inside = target_dir.startswith(workdir.rstrip("/") + "/")
    return SourceRecord(record=f"{target_dir}/.rustdock-sources",
                        skip="./" + target_dir[len(workdir.rstrip("/")) + 1:] if inside else None)


def apt_caches(suite: str | None) -> tuple[CacheMount, ...]:
    """apt's downloaded packages and package lists, kept between builds and out of every layer.

    Both are shared by every project on the builder; `locked` because two apt runs must not use
    them at once (the chef and runtime stages build in parallel). Named by Debian suite, since
    the lists of one suite are useless to another.
    """
    suffix = f"-{suite}" if suite else ""
    return (
        CacheMount(id=f"apt-cache{suffix}", target="/var/cache/apt"),
        CacheMount(id=f"apt-lists{suffix}", target="/var/lib/apt"),
    )

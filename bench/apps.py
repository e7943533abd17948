"""The benchmarked apps, and the source changes every pattern receives identically."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Dependency:
    """A crate in neither app's Cargo.lock, without dependencies of its own, and a use of it."""

    name: str
    requirement: str
    use: str  # a Rust expression that Displays
    prints: str  # what `use` displays


# Repetition k of "dependency added" adds an app's k-th: a repeated addition of the same crate
# would find the cook layer of the first in the layer cache. An app adds those of these that
# its Cargo.lock lacks, in this order (ledger's has hex already: sqlx-postgres uses it).
DEPENDENCIES = (
    Dependency("hex", "0.4", 'hex::encode("dep")', "646570"),
    Dependency("urlencoding", "2", 'urlencoding::encode("d p")', "d%20p"),
    Dependency("md5", "0.7", 'format!("{:x}", md5::compute("dep"))', "2254342becceafbd04538e0a38696791"),
)
ADDED = 2  # dependencies every app can add (the most `--dep-reps` allows)


@dataclass(frozen=True)
class Edit:
    """Replace the one line `pattern` matches; `{tag}` in `replacement` is the change's tag."""

    path: str
    pattern: str
    replacement: str

    def apply(self, root: Path, tag: str = "") -> None:
        file = root / self.path
        new = self.replacement.replace("{tag}", tag)
        text, count = re.subn(self.pattern, lambda _: new, file.read_text(), flags=re.MULTILINE)
        if count != 1:
            raise RuntimeError(f"{file}: {self.pattern!r} matched {count} times, expected once")
        file.write_text(text)


def dependency_edits(app: App, number: int) -> tuple[Edit, Edit]:
    """Adding the app's `number`-th dependency: one manifest line and one code line that uses it."""
    dep = added_dependencies(app)[number - 1]
    return (
        Edit(app.manifest, r"^\[dependencies\]$", f'[dependencies]\n{dep.name} = "{dep.requirement}"'),
        Edit(app.main, r"^    Ok\(\(\)\)$", f'    println!("dep{number}={{}}", {dep.use});\n    Ok(())'),
    )


def dependency_marker(app: App, number: int) -> str:
    return f"dep{number}={added_dependencies(app)[number - 1].prints}"


def added_dependencies(app: App) -> tuple[Dependency, ...]:
    """The crates "dependency added" adds to `app`, in order: those of DEPENDENCIES its lock lacks."""
    locked = {name for name, _ in lock_names((app.source / "Cargo.lock").read_text())}
    return tuple(d for d in DEPENDENCIES if d.name not in locked)[:ADDED]


@dataclass(frozen=True)
class App:
    name: str
    source: Path
    binary: str  # the binary the default image runs
    bind_dirs: tuple[str, ...]  # source dirs docker-init bind-mounts next to Cargo.toml/.lock
    leaf: Edit
    leaf_marker: str
    leaf_what: str
    lib: Edit
    lib_marker: str
    lib_what: str
    manifest: str  # the Cargo.toml and source file that receive the new dependencies
    main: str
    members: tuple[str, ...]  # workspace packages: their `Compiling` lines are not dependencies
    about: str  # what the app is, for the report
    # The service-sized app, on which issue 12's goals are measured: the trap, which only shows
    # what the small apps show already, is left out.
    service: bool = False
    # A build that compiles every dependency takes minutes on a service-sized app, so each
    # scenario of a pattern runs such a build at most this often (cold: at least once; an
    # anchor's scenarios of patterns.FULL_REBUILDS: 0 skips them). None: every repetition.
    full_rebuilds: int | None = None


APPS = {
    "rust-app": App(
        name="rust-app",
        source=REPO / "examples" / "rust-app",
        binary="app",
        bind_dirs=("crates",),
        leaf=Edit("crates/app/src/main.rs", r'println!\("app[^"]*: \{\}"', 'println!("app {tag}: {}"'),
        leaf_marker="app {tag}:",
        leaf_what="crates/app/src/main.rs: the format string of the binary's println (leaf crate `app`)",
        lib=Edit("crates/greeting/src/lib.rs", r'^pub const EDITION: &str = "[^"]*";$',
                 'pub const EDITION: &str = "greeting {tag}";'),
        lib_marker="greeting {tag}",
        lib_what="crates/greeting/src/lib.rs: a const of the library crate `greeting` both binaries use",
        manifest="crates/app/Cargo.toml",
        main="crates/app/src/main.rs",
        members=("app", "greeting"),
        about="examples/rust-app: a workspace, library crate `greeting` + package `app` with bins "
        "`app` and `worker`",
    ),
    "reqlog": App(
        name="reqlog",
        source=REPO / "bench" / "apps" / "reqlog",
        binary="reqlog",
        bind_dirs=("src",),
        leaf=Edit("src/main.rs", r'^const BUILD: &str = "[^"]*";$', 'const BUILD: &str = "reqlog-bin {tag}";'),
        leaf_marker="reqlog-bin {tag}",
        leaf_what="src/main.rs: a const of the binary target",
        lib=Edit("src/lib.rs", r'^pub const EDITION: &str = "[^"]*";$',
                 'pub const EDITION: &str = "reqlog-lib {tag}";'),
        lib_marker="reqlog-lib {tag}",
        lib_what="src/lib.rs: a const of the same package's library target (lib and bin both rebuild)",
        manifest="Cargo.toml",
        main="src/main.rs",
        members=("reqlog",),
        about="bench/apps/reqlog: one package (lib + bin) with serde, serde_json, clap, regex, sha2, "
        "rand, thiserror, anyhow, humantime",
    ),
    "ledger": App(
        name="ledger",
        source=REPO / "bench" / "apps" / "ledger",
        binary="ledger",
        bind_dirs=("src",),
        leaf=Edit("src/main.rs", r'^const BUILD: &str = "[^"]*";$', 'const BUILD: &str = "ledger-bin {tag}";'),
        leaf_marker="ledger-bin {tag}",
        leaf_what="src/main.rs: a const of the binary target",
        lib=Edit("src/lib.rs", r'^pub const EDITION: &str = "[^"]*";$',
                 'pub const EDITION: &str = "ledger-lib {tag}";'),
        lib_marker="ledger-lib {tag}",
        lib_what="src/lib.rs: a const of the same package's library target (lib and bin both rebuild)",
        manifest="Cargo.toml",
        main="src/main.rs",
        members=("ledger",),
        about="bench/apps/ledger, the service-sized app: one package (lib + bin), an HTTP API "
        "(axum, tower-http) over PostgreSQL (sqlx, rustls) with an outbound client (reqwest, rustls), "
        "serde, tracing, clap",
        service=True,
        full_rebuilds=1,
    ),
}


@dataclass
class WorkCopy:
    """A copy of an app that one pattern (or the host bound) builds, and what it must print."""

    app: App
    root: Path
    leaf_tag: str = "base"
    lib_tag: str = "base"
    dependencies: int = 0  # how many of DEPENDENCIES were added

    @classmethod
    def create(cls, app: App, root: Path) -> WorkCopy:
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(app.source, root, ignore=shutil.ignore_patterns("target", ".dockerignore", "Dockerfile"))
        copy = cls(app, root)
        copy.change_leaf("base")
        copy.change_lib("base")
        return copy

    def change_leaf(self, tag: str) -> None:
        self.app.leaf.apply(self.root, tag)
        self.leaf_tag = tag

    def change_lib(self, tag: str) -> None:
        self.app.lib.apply(self.root, tag)
        self.lib_tag = tag

    def add_dependency(self, lock: str) -> None:
        """Add the next of DEPENDENCIES, with the Cargo.lock resolved for it by `dependency_locks`."""
        self.dependencies += 1
        for edit in dependency_edits(self.app, self.dependencies):
            edit.apply(self.root)
        (self.root / "Cargo.lock").write_text(lock)

    def expected(self) -> list[str]:
        """Substrings the image's output must contain after the changes made so far."""
        markers = [self.app.leaf_marker.format(tag=self.leaf_tag), self.app.lib_marker.format(tag=self.lib_tag)]
        return markers + [dependency_marker(self.app, n) for n in range(1, self.dependencies + 1)]


def lock_names(lock: str) -> set[tuple[str, str]]:
    return set(re.findall(r'^name = "([^"]+)"\nversion = "([^"]+)"', lock, flags=re.MULTILINE))


def dependency_locks(app: App, scratch: Path, count: int) -> list[str]:
    """Cargo.lock after adding each of the first `count` dependencies, resolved once on the host.

    Every work copy gets these same files. `cargo metadata` records the new package and keeps
    every locked version. Online first: offline, cargo may move other packages to versions it
    happens to have downloaded.
    """
    copy = WorkCopy.create(app, scratch)
    locks = []
    for number in range(1, count + 1):
        for edit in dependency_edits(app, number):
            edit.apply(copy.root)
        before = lock_names((copy.root / "Cargo.lock").read_text())
        for offline in ([], ["--offline"]):
            result = subprocess.run(
                ["cargo", "metadata", "--format-version", "1", *offline],
                cwd=copy.root, capture_output=True, text=True, check=False,
            )
            if result.returncode == 0:
                break
        else:
            raise RuntimeError(f"cargo metadata could not add a dependency: {result.stderr[-1000:]}")
        lock = (copy.root / "Cargo.lock").read_text()
        added = {name for name, _ in lock_names(lock) - before}
        if added != {added_dependencies(app)[number - 1].name} or not before <= lock_names(lock):
            raise RuntimeError(f"{app.name}: adding a dependency changed Cargo.lock beyond it: {sorted(added)}")
        locks.append(lock)
    shutil.rmtree(copy.root)
    return locks


def lock_crates(app: App) -> int:
    return len(lock_names((app.source / "Cargo.lock").read_text()))

"""Decide what the native crates of a build need from the system, and which ones nobody knows.

For each crate the build compiles, the facts come from, first match wins: the user's
`native-packages` setting, the measured table, Debian's packaging (natives.py has both). A crate
that links a native library (its `links` key, where the registry index cache says it, or a `-sys`
name) and that none of them knows is not passed over in silence: it becomes a warning naming the
crate, what pulls it in and the setting that answers it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rustdock.decide.closure import Closure, Crate
from rustdock.knowledge.natives import MEASURED, NATIVES, PULLS_ZLIB_DEV, Native, debian_names, find_native

SETTING = "native-packages"


@dataclass
class Needs:
    """Requirements as they are found, before settings and the runtime image have their say."""

    build: dict[str, list[str]] = field(default_factory=dict)
    runtime: dict[str, list[tuple[str, Native | None]]] = field(default_factory=dict)
    unlinked: dict[str, list[str]] = field(default_factory=dict)
    unlinkable: dict[str, str] = field(default_factory=dict)  # library → why a static binary cannot link it
    env: dict[str, tuple[str, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what may break the build: printed by every command
    libraries: set[str] = field(default_factory=set)  # build packages the binary links: the target's, when cross

    def add_build(self, packages: tuple[str, ...], reason: str) -> None:
        for package in packages:
            self.build.setdefault(package, []).append(reason)

    def add_runtime(self, packages: tuple[str, ...], reason: str, native: Native | None = None) -> None:
        for package in packages:
            self.runtime.setdefault(package, []).append((reason, native))


def native_needs(
    needs: Needs, closure: Closure, *, supplied: set[str], user_facts: dict[str, tuple[str, ...]],
    triple: str, static: bool, suite: str,
) -> None:
    """Add what each native crate of `closure` needs; `supplied` are the variables the build sets."""
    for crate in _in_table_order(closure):
        native = _facts(crate, user_facts, suite)
        if native is None:
            if _links_natively(crate, closure):
                needs.warnings.append(_unknown(crate))
            continue
        reason = f"{_reason(crate)} [{native.source}]"
        supplier = next((s for s in native.supplied_by if closure.find(s) or s in supplied), None)
        if supplier is not None:
            needs.notes.append(f"{native.crate}: {supplier} supplies what it needs; no package installed")
            continue
        users = {parent for parent, child in closure.edges if child == native.crate}
        if users and users <= set(native.not_run_by):
            needs.notes.append(f"{native.crate}: only {', '.join(sorted(users))} depends on it, without running it")
            continue
        way = bundled_way(native, closure)
        if way in ("bundled", "either"):
            needs.add_build(native.bundled_build, f"{reason}, built from source ({native.bundled} in Cargo.lock)")
        if way == "bundled":
            continue
        if way == "either":
            forwarding = ", ".join(sorted({f for dep, f in closure.forwarded_off if closure.reaches(dep, native.bundled or "")}))
            needs.notes.append(
                f"{native.crate}: {native.bundled} is in Cargo.lock, perhaps only for feature {forwarding}, which "
                "this build leaves off; the builder gets what both ways need"
            )
        needs.add_build(native.build, reason)
        needs.libraries.update(native.libraries)
        if native.runtime:
            _runtime(needs, native, crate, reason, triple=triple, static=static, suite=suite)
    _system_first(needs, closure, static, suite)
    if closure.unknown:
        shown = ", ".join(closure.unknown[:5]) + (f" and {len(closure.unknown) - 5} more" if len(closure.unknown) > 5 else "")
        needs.notes.append(
            f"features of {len(closure.unknown)} registry crate{'s' if len(closure.unknown) > 1 else ''} are not known "
            f"here ({shown}): no entry in Cargo's registry index cache, so every optional dependency of theirs "
            "counts as compiled (`cargo fetch` adds the entries)"
        )


def _runtime(needs: Needs, native: Native, crate: Crate, reason: str, *, triple: str, static: bool, suite: str) -> None:
    runtime = debian_names(native.runtime, suite) if native.source == MEASURED else native.runtime
    way_out = native.way_out or "use runtime = \"debian-slim\""
    if not crate.runtime:
        for library in runtime:
            needs.unlinked.setdefault(library, []).append(reason)
    elif not static:
        needs.add_runtime(runtime, reason, native)
    elif native.source != MEASURED:
        # Debian's packaging names every library any feature links: a guess is no reason to refuse.
        needs.notes.append(f"{native.crate} may link {', '.join(runtime)} ({native.source}), which a static "
                           f"{triple} binary cannot: if its build fails, {way_out}")
    elif not native.links_statically or triple.endswith("-musl"):  # Debian's libraries are glibc's
        needs.unlinkable[runtime[0]] = (
            f"{native.crate} links the system library {runtime[0]} ({' → '.join(crate.path)}), which a static "
            f"{triple} binary cannot: {way_out} (if this build does not compile {native.crate}: "
            f"skip-packages = [\"{runtime[0]}\"])"
        )


def _in_table_order(closure: Closure) -> list[Crate]:
    """The measured table's crates first, in its order (the plan's notes keep it), then the rest as found."""
    measured = [closure.find(n.crate) for n in NATIVES]
    first = [c for c in measured if c is not None]
    return first + [c for c in closure.crates if c not in first]


def _facts(crate: Crate, user_facts: dict[str, tuple[str, ...]], suite: str) -> Native | None:
    """What `crate` needs: the user's `native-packages` entry, else the tables' facts."""
    if crate.name in user_facts:
        packages = user_facts[crate.name]
        return Native(crate.name, build=packages, libraries=packages, source=f"{SETTING} setting")
    return find_native(crate.name, suite)


def _links_natively(crate: Crate, closure: Closure) -> bool:
    """Whether the build certainly compiles a crate whose build script links a native library: a
    `-sys` name (the Cargo book's convention, "Build Scripts"), or Cargo's `links` key where the
    index says it and every crate on the way there is known (`links` also serves pure-Rust crates
    such as wasm-bindgen-shared, which an unknown crate's platform may keep out of the build)."""
    if crate.name.endswith(("-sys", "_sys")):
        return True
    return crate.links is not None and not set(crate.path[1:-1]) & set(closure.unknown)


def _unknown(crate: Crate) -> str:
    links = f"the native library `{crate.links}`" if crate.links else "a native library"
    return (
        f"{crate.name} ({' → '.join(crate.path)}) links {links}, and no rustdock table says which Debian "
        f"package has it, so the build may fail: add {SETTING} = {{ {crate.name} = [\"<its -dev package>\"] }} "
        "(or [] if it needs none)"
    )


def _system_first(needs: Needs, closure: Closure, static: bool, suite: str) -> None:
    """Crates that build their bundled C source unless the builder holds the library's -dev package
    (asked for, or installed by apt along with another): then the binary links the system library."""
    installed = set(needs.build) | ({"zlib1g-dev"} if PULLS_ZLIB_DEV & set(needs.build) else set())
    for native in NATIVES:
        crate = closure.find(native.crate)
        if crate is None or native.system_first is None or not crate.runtime or static:
            continue  # a static link takes the dev package's .a
        dev, library = native.system_first
        if dev in installed:
            why = "asked for" if dev in needs.build else "installed with " + ", ".join(sorted(PULLS_ZLIB_DEV & set(needs.build)))
            needs.add_runtime(debian_names((library,), suite),
                              f"{_reason(crate)}, which links it: {dev} is in the builder ({why}) [{native.source}]", native)
            needs.libraries.add(dev)


def bundled_way(native: Native, closure: Closure) -> str:
    """"system", "bundled", or "either" when the lockfile's bundled dependency may be there only for
    a member feature this build leaves off (where the registry index decided the crate's edges, it is not)."""
    if native.bundled is None or (native.crate, native.bundled) not in closure.edges:
        return "system"
    if native.crate not in closure.resolved and any(closure.reaches(dep, native.crate) for dep, _ in closure.forwarded_off):
        return "either"
    return "bundled"


def _reason(crate: Crate) -> str:
    return f"{crate.name} ({' → '.join(crate.path)})"

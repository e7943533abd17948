"""Which crates this build compiles: Cargo.lock narrowed to the selected packages.

Cargo.lock holds what any feature of any member on any platform could need. Among the members,
rustdock knows more: their manifests say which dependencies are optional, dev-only or for
another platform, and the plan says which features are on. So the walk starts at the selected
packages and follows a member's dependency only when this build enables it. A registry crate's
edges follow its index entry where this machine's registry index cache has one (features.py: the
features its dependents ask of it turn on its optional dependencies); any other crate keeps every
locked edge (its features are not in the lockfile: the walk assumes all).

A member feature that is off but turns on a feature of a dependency (`vendored =
["openssl/vendored"]`) can still have put packages into the lockfile that this build does not
compile; `Closure.forwarded_off` names those dependencies so a decision can tell "certainly
compiled" from "perhaps compiled".
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from rustdock.decide.features import Requested, activate
from rustdock.knowledge.cfg import matches
from rustdock.read.cargo import Package, Project
from rustdock.read.dependencies import Dependency
from rustdock.read.lockfile import LockedPackage, Lockfile
from rustdock.read.registry_index import RegistryIndex
from rustdock.settings.config import Config

MEMBER_KINDS = ("normal", "build")  # cook and build compile no dev-dependency
REGISTRY_SOURCES = ("registry+", "sparse+")  # Cargo.lock's sources of crates that have index entries
# Optional dependencies Cargo.lock holds because a weak feature names them (cargo#10801: `json =
# ["sqlx-sqlite?/json", ...]` locks sqlx-sqlite and its libsqlite3-sys for every sqlx user), each
# compiled only when one of the umbrella crate's features turns it on. When the members alone
# depend on the umbrella crate, their requests say which are on; otherwise every edge stays.
# (umbrella, the crates whose edges to the driver it gates, driver, features of the umbrella that turn it on)
WEAK_LOCKED: tuple[tuple[str, tuple[str, ...], str, frozenset[str]], ...] = (
    # sqlx 0.7 and 0.8's Cargo.toml: postgres = ["sqlx-postgres", "sqlx-macros?/postgres"]; all-databases names all
    ("sqlx", ("sqlx", "sqlx-macros", "sqlx-macros-core"), "sqlx-postgres", frozenset({"postgres", "all-databases"})),
    ("sqlx", ("sqlx", "sqlx-macros", "sqlx-macros-core"), "sqlx-mysql", frozenset({"mysql", "all-databases"})),
    # sqlite and sqlite-unbundled turn on sqlx-sqlite, as does sqlite-preupdate-hook (`sqlx-sqlite/preupdate-hook`)
    ("sqlx", ("sqlx", "sqlx-macros", "sqlx-macros-core"), "sqlx-sqlite",
     frozenset({"sqlite", "sqlite-unbundled", "sqlite-preupdate-hook", "all-databases"})),
)


@dataclass(frozen=True)
class Crate:
    name: str
    version: str | None  # None: known from a manifest only (no Cargo.lock)
    path: tuple[str, ...]  # how the build reaches it: a member first, the crate last
    runtime: bool  # reached through normal dependencies: linked into a binary, not only into a build script
    source: str | None = None  # Cargo.lock's source: `registry+…`, `sparse+…`, `git+…`; None: a path or unknown
    links: str | None = None  # its `links` key, where the registry index cache says it


@dataclass(frozen=True)
class Closure:
    crates: tuple[Crate, ...]  # in the order the walk found them: the nearest first
    locked: bool  # from Cargo.lock; False: only the members' direct dependencies are known
    forwarded_off: tuple[tuple[str, str], ...]  # (dependency, "member/feature") a feature that is off forwards to
    edges: frozenset[tuple[str, str]] = frozenset()  # (crate, locked dependency) the walk followed
    resolved: frozenset[str] = frozenset()  # crates whose edges their index entry decided: exactly what Cargo compiles
    unknown: tuple[str, ...] = ()  # registry crates the index cache lacks: every locked edge and feature assumed

    def find(self, name: str) -> Crate | None:
        return next((c for c in self.crates if c.name == name), None)

    def reaches(self, start: str, goal: str) -> bool:
        """Whether `goal` is `start` or among the crates compiled because of it."""
        seen, pending = {start}, [start]
        while pending:
            current = pending.pop()
            if current == goal:
                return True
            for parent, child in self.edges:
                if parent == current and child not in seen:
                    seen.add(child)
                    pending.append(child)
        return False


def enabled_features(package: Package, config: Config) -> set[str] | None:
    """The package's features the build turns on (None: all of them)."""
    if config.all_features:
        return None
    wanted = [] if config.no_default_features else ["default"]
    for feature in config.features:
        owner, _, name = feature.rpartition("/")
        if owner in ("", package.name):
            wanted.append(name)
    return _expand(package, set(wanted))


def compiled_crates(
    project: Project, packages: list[str], config: Config, triple: str, index: RegistryIndex | None = None
) -> Closure:
    """The crates compiled when building the member `packages` with the config's features for `triple`;
    `index` (the registry index cache) narrows what registry crates compile to what their features need."""
    members = {p.name: p for p in project.packages}
    features = {name: enabled_features(members[name], config) for name in packages if name in members}
    enabled = _member_features(members, packages, features, triple)
    forwarded_off = tuple(sorted(_forwarded_off(members, enabled)))
    if project.lockfile is None:
        crates = [
            Crate(dep.package, None, (name, dep.package), dep.kind == "normal")
            for name in enabled
            for dep in _enabled_dependencies(members[name], enabled[name], triple)
            if dep.package not in members
        ]
        return Closure(tuple(crates), False, forwarded_off)

    lock = project.lockfile
    member_ids = {p.name: p.id for p in lock.packages if p.source is None and p.name in members}
    starts = [member_ids[name] for name in packages if name in member_ids]
    graph = _Graph(lock, members, enabled, triple, index or RegistryIndex(None))
    active = graph.resolve(starts)
    # (locked id, reached through normal dependencies only)
    queue: deque[tuple[str, bool, tuple[str, ...]]] = deque((node, True, (lock.by_id[node].name,)) for node in starts)
    best: dict[str, tuple[bool, tuple[str, ...]]] = {}
    edges: set[tuple[str, str]] = set()
    while queue:
        node, runtime, path = queue.popleft()
        seen = best.get(node)
        if seen is not None and (seen[0] or not runtime):
            continue
        best[node] = (runtime, path if seen is None else seen[1])
        for child, child_runtime in active[node].items():
            child_name = lock.by_id[child].name
            edges.add((lock.by_id[node].name, child_name))
            queue.append((child, runtime and child_runtime, (*path, child_name)))
    crates = tuple(
        Crate(lock.by_id[node].name, lock.by_id[node].version, path, runtime, lock.by_id[node].source,
              graph.links.get(node))
        for node, (runtime, path) in best.items()
        if lock.by_id[node].name not in members or lock.by_id[node].source is not None
    )
    resolved = frozenset(lock.by_id[n].name for n in best if n in graph.resolved)
    unknown = tuple(sorted({lock.by_id[n].name for n in best if n in graph.unknown}))
    return Closure(crates, True, forwarded_off, frozenset(edges), resolved, unknown)


class _Graph:
    """Cargo.lock's edges that this build follows, with the features each crate is asked for.

    Features only grow, so asking again until nothing changes reaches the unified set Cargo
    compiles with. A member's edges come from its manifest; a registry crate's from its index
    entry (features.py); any other crate, or one the index cache lacks, keeps every locked edge
    and asks every feature of its dependencies.
    """

    def __init__(self, lock: Lockfile, members: dict[str, Package], enabled: dict[str, set[str] | None],
                 triple: str, index: RegistryIndex) -> None:
        self.lock, self.members, self.enabled, self.triple, self.index = lock, members, enabled, triple, index
        self.requested: dict[str, Requested] = {}
        self.links: dict[str, str] = {}
        self.resolved: set[str] = set()  # decided from an index entry
        self.unknown: set[str] = set()  # a registry crate without one

    def resolve(self, starts: list[str]) -> dict[str, dict[str, bool]]:
        """Every reached node's followed edges: child id → whether it is a normal (not build) dependency."""
        active: dict[str, dict[str, bool]] = {}
        pending = deque(starts)
        for node in starts:
            self.requested[node] = frozenset()
        off = _weak_locked_off(self.lock, self.members, self.enabled, self.triple)
        while pending:
            node = pending.popleft()
            package = self.lock.by_id[node]
            asked = self._edges(package)
            active[node] = {}
            for child, normal, features in asked:
                child_name = self.lock.by_id[child].name
                if node not in self.resolved and (package.name, child_name) in off:
                    continue
                active[node][child] = active[node].get(child, False) or normal
                if self._ask(child, features):
                    pending.append(child)
        return active

    def _ask(self, node: str, features: Requested) -> bool:
        """Add `features` to what `node` is asked for; True when that grew (or it was not reached yet)."""
        if node not in self.requested:
            self.requested[node] = features
            return True
        old = self.requested[node]
        new = None if old is None or features is None else old | features
        self.requested[node] = new
        return new != old

    def _edges(self, package: LockedPackage) -> list[tuple[str, bool, Requested]]:
        """(child id, normal dependency, features asked of it) for each locked edge the build follows."""
        member = self.members.get(package.name) if package.source is None else None
        children: dict[str, list[str]] = {}
        for child in package.dependencies:
            children.setdefault(self.lock.by_id[child].name, []).append(child)
        if member is not None:
            return [(child, normal, features)
                    for name, normal, features in _member_requests(member, self.enabled.get(member.name, set()),
                                                                    self.triple)
                    for child in children.get(name, ())]
        entry = self.index.entry(package.name, package.version) if package.source else None
        if entry is None:
            if package.source is not None and package.source.startswith(REGISTRY_SOURCES):
                self.unknown.add(package.id)
            return [(child, True, None) for child in package.dependencies]
        self.resolved.add(package.id)
        if entry.links:
            self.links[package.id] = entry.links
        requested = self.requested.get(package.id, frozenset())
        return [(child, a.dependency.kind == "normal", a.features)
                for a in activate(entry, requested, self.triple)
                for child in children.get(a.dependency.package, ())]


def _member_requests(member: Package, on: set[str] | None, triple: str) -> list[tuple[str, bool, frozenset[str]]]:
    """(package, normal dependency, features asked of it) for each dependency of a member this build compiles."""
    asks: dict[str, set[str]] = {}
    for feature in (on if on is not None else member.features):
        for entry in member.features.get(feature, ()):
            key, slash, wanted = entry.partition("/")
            if slash:
                asks.setdefault(key.rstrip("?"), set()).add(wanted)
    return [
        (dep.package, dep.kind == "normal",
         frozenset(dep.features) | ({"default"} if dep.default_features else set()) | asks.get(dep.key, set()))
        for dep in _enabled_dependencies(member, on, triple)
    ]


def _weak_locked_off(
    lock: Lockfile, members: dict[str, Package], enabled: dict[str, set[str] | None], triple: str
) -> set[tuple[str, str]]:
    """The locked edges of WEAK_LOCKED that no feature of the build turns on."""
    off: set[tuple[str, str]] = set()
    for umbrella, parents, driver, turned_on_by in WEAK_LOCKED:
        users = [p for p in lock.packages if any(d.split(" ", 1)[0] == umbrella for d in p.dependencies)]
        if any(p.source is not None or p.name not in members for p in users):
            continue  # another crate asks for features of it too: they are not in the lockfile
        requested: set[str] = set()
        for user in users:
            on = enabled.get(user.name, set())
            for dep in _enabled_dependencies(members[user.name], on, triple):
                if dep.package == umbrella:
                    requested.update(dep.features)
            for feature in (on if on is not None else members[user.name].features):
                requested.update(entry.split("/", 1)[1] for entry in members[user.name].features.get(feature, ())
                                 if entry.split("/", 1)[0].rstrip("?") == umbrella and "/" in entry)
        if not requested & turned_on_by:
            off.update((parent, driver) for parent in parents)
    return off


def _enabled_dependencies(member: Package, features: set[str] | None, triple: str) -> list[Dependency]:
    """The member's dependencies this build compiles: not dev-only, for this platform, and
    optional ones only when an enabled feature turns them on."""
    activated = _activated_optional(member, features)
    return [
        dep
        for dep in member.dependencies
        if dep.kind in MEMBER_KINDS
        and (dep.platform is None or matches(dep.platform, triple) is not False)
        and (not dep.optional or dep.key in activated)
    ]


def _activated_optional(member: Package, features: set[str] | None) -> set[str]:
    optional = {d.key for d in member.dependencies if d.optional}
    if features is None:
        return optional
    explicit = {f[4:] for values in member.features.values() for f in values if f.startswith("dep:")}
    activated = {key for key in optional if key in features and key not in explicit}
    for feature in features:
        for entry in member.features.get(feature, ()):
            if entry.startswith("dep:"):
                activated.add(entry[4:])
            elif "/" in entry and not entry.split("/", 1)[0].endswith("?"):
                activated.add(entry.split("/", 1)[0])
    return activated & optional


def _member_features(
    members: dict[str, Package], packages: list[str], features: dict[str, set[str] | None], triple: str
) -> dict[str, set[str] | None]:
    """Features on for every member the build reaches: the plan's own, plus those that a member
    asks of another (a dependency's `features = [...]`, `member/feature` in a feature)."""
    enabled: dict[str, set[str] | None] = {name: features.get(name) for name in packages if name in members}
    pending = deque(enabled)
    while pending:
        name = pending.popleft()
        member = members[name]
        on = enabled[name]
        requests: dict[str, set[str]] = {}
        for dep in _enabled_dependencies(member, on, triple):
            if dep.package in members:
                requests.setdefault(dep.package, set()).update(dep.features)
                if dep.default_features:
                    requests[dep.package].add("default")
        for feature in (on if on is not None else member.features):
            for entry in member.features.get(feature, ()):
                key, slash, wanted = entry.partition("/")
                dep = next((d for d in member.dependencies if d.key == key.rstrip("?")), None)
                if slash and dep is not None and dep.package in members:
                    requests.setdefault(dep.package, set()).add(wanted)
        for target, asked in requests.items():
            current = enabled.get(target, set())
            if current is None:
                continue
            grown = current | _expand(members[target], asked)
            if target not in enabled or grown != current:
                enabled[target] = grown
                pending.append(target)
    return enabled


def _expand(member: Package, asked: set[str]) -> set[str]:
    """The features `asked` turn on: plain entries enable other features; `dep:x` and `x/y`
    reach into dependencies."""
    found: set[str] = set()
    pending = list(asked)
    while pending:
        feature = pending.pop()
        if feature in found:
            continue
        found.add(feature)
        pending += [f for f in member.features.get(feature, ()) if "/" not in f and ":" not in f]
    return found


def _forwarded_off(members: dict[str, Package], enabled: dict[str, set[str] | None]) -> set[tuple[str, str]]:
    """Dependencies whose features a member feature that is off would turn on."""
    found = set()
    for name, on in enabled.items():
        if on is None:
            continue
        member = members[name]
        for feature, entries in member.features.items():
            if feature in on:
                continue
            for entry in entries:
                key, slash, _ = entry.partition("/")
                dep = next((d for d in member.dependencies if d.key == key.rstrip("?")), None)
                if slash and dep is not None:
                    found.add((dep.package, f"{name}/{feature}"))
    return found

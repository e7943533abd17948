"""Cargo's feature rules for one registry crate: which of its dependencies the features asked of it
turn on, and which features it asks of each in turn.

The rules are the Cargo book's ("Features"): a feature turns on other features, `dep:x` turns on
the optional dependency `x`, `x/f` turns on `x` and its feature `f`, `x?/f` turns on `f` only if
something else turned `x` on, and an optional dependency that no `dep:` names is also a feature of
its own name. A dependency is compiled when it is not optional or is turned on, is not a
dev-dependency, and its platform can be the target's. closure.py walks the graph with this, so
features asked of a crate by all its dependents are unified, as Cargo does.
"""

from __future__ import annotations

from dataclasses import dataclass

from rustdock.knowledge.cfg import matches
from rustdock.read.registry_index import IndexDependency, IndexEntry

# Features asked of a crate; None: every one (what is assumed when the asker is not known).
Requested = frozenset[str] | None


@dataclass(frozen=True)
class Activation:
    dependency: IndexDependency
    features: frozenset[str]  # what the crate asks of it, `default` included when it keeps the defaults


def activate(entry: IndexEntry, requested: Requested, triple: str) -> list[Activation]:
    """The dependencies `entry` compiles for `triple` when `requested` features are on."""
    table = entry.feature_table()
    candidates = [d for d in entry.dependencies
                  if d.kind != "dev" and (d.platform is None or matches(d.platform, triple) is not False)]
    optional = {d.key for d in entry.dependencies if d.optional}
    named = {v[4:] for values in table.values() for v in values if v.startswith("dep:")}
    implicit = optional - named  # an optional dependency no `dep:` names is a feature too

    pending = list(table) + sorted(implicit) if requested is None else sorted(requested)
    on: set[str] = set()
    turned_on: set[str] = set()
    asks: dict[str, set[str]] = {}
    weak: dict[str, set[str]] = {}
    while pending:
        feature = pending.pop()
        if feature in on:
            continue
        on.add(feature)
        if feature in implicit and feature not in table:
            turned_on.add(feature)
        for value in table.get(feature, ()):
            key, slash, wanted = value.partition("/")
            if value.startswith("dep:"):
                turned_on.add(value[4:])
            elif slash and key.endswith("?"):
                weak.setdefault(key[:-1], set()).add(wanted)
            elif slash:
                turned_on.add(key)
                asks.setdefault(key, set()).add(wanted)
                if key in implicit:
                    pending.append(key)
            else:
                pending.append(value)
    return [
        Activation(dep, frozenset(dep.features) | ({"default"} if dep.default_features else set())
                   | asks.get(dep.key, set()) | weak.get(dep.key, set()))
        for dep in candidates
        if not dep.optional or dep.key in turned_on
    ]

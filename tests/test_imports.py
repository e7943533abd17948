"""The folder tree is the architecture: every import in src/rustdock goes down the table of layers
below, never up or sideways into another layer, and no modules import each other in a circle.

Each module's imports are read with `ast`, lazy ones inside functions and `TYPE_CHECKING` ones
included. A new module lands in the layer of the folder it is put in; a new folder needs a line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src"

# Bottom to top, one line a layer: its package, the layers directly beneath it (it may import those
# and everything they may import, and its own modules), and what it holds.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("rustdock.errors", ()),  # the one error type; the package's __init__ (its version) counts as here
    ("rustdock.knowledge", ("rustdock.errors",)),  # facts as data: both the planner and the linter read them
    ("rustdock.read", ("rustdock.knowledge",)),  # a Cargo project into frozen dataclasses, nothing decided
    ("rustdock.settings", ("rustdock.read",)),  # the settings' schema and their five layers
    ("rustdock.decide", ("rustdock.settings",)),  # every decision, once, into one BuildPlan
    ("rustdock.lint.model", ("rustdock.read",)),  # beside the planner, never importing it: a Dockerfile and its RUNs
    ("rustdock.lint.rules", ("rustdock.lint.model",)),  # the rule catalogue and the rules that read the model
    ("rustdock.lint", ("rustdock.lint.rules",)),  # the engine that runs them, the reports, the linter's API
    ("rustdock.format", ("rustdock.decide", "rustdock.lint")),  # the templates print the plan, the guard proves it
    ("rustdock.write", ("rustdock.format",)),  # compare, refuse, write: the only layer that changes files
    ("rustdock.commands", ("rustdock.write",)),  # the entry points, the CLI, the quick check: on top of everything
)
# Modules outside the folders: the package itself (its version), `python -m rustdock` and the entry
# points' old address.
PLACED = {"rustdock": "rustdock.errors", "rustdock.__main__": "rustdock.commands", "rustdock.entry": "rustdock.commands"}
# Libraries that belong to one layer: the CLI framework to the commands, Jinja to the format,
# BuildKit's parser to the linter's model, TOML writing to the writers.
LIBRARIES = {"typer": "rustdock.commands", "jinja2": "rustdock.format", "dockerfile": "rustdock.lint.model",
             "tomlkit": "rustdock.write"}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted((SRC / "rustdock").rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = modules()


def layer_of(module: str) -> str | None:
    if module in PLACED:
        return PLACED[module]
    matches = [name for name, _ in LAYERS if module == name or module.startswith(name + ".")]
    return max(matches, key=len, default=None)


def allowed(layer: str) -> set[str]:
    """The layer itself and every layer beneath it."""
    beneath = dict(LAYERS)[layer]
    return {layer}.union(*(allowed(lower) for lower in beneath))


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file; `from a import b` counts as `a.b` where that is a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module)
                      for a in node.names]
    return found


@pytest.mark.parametrize("module", MODULES)
def test_every_import_goes_down(module: str) -> None:
    layer = layer_of(module)
    assert layer is not None, f"{module} is in no layer: add its folder to LAYERS in {Path(__file__).name}"
    upward = []
    for line, imported in imports(MODULES[module]):
        top = imported.split(".")[0]
        if imported.startswith("rustdock") and imported in MODULES:
            if layer_of(imported) not in allowed(layer):
                upward.append(f"line {line}: {imported} ({layer_of(imported)})")
        elif top in LIBRARIES and LIBRARIES[top] not in allowed(layer):
            upward.append(f"line {line}: {imported} (belongs to {LIBRARIES[top]})")
    assert not upward, f"{module} ({layer}) imports above or beside its layer: " + "; ".join(upward)


def test_no_modules_import_each_other_in_a_circle() -> None:
    graph = {m: {i for _, i in imports(p) if i in MODULES and i != m} for m, p in MODULES.items()}
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        if module in path:
            raise AssertionError("import cycle: " + " → ".join(path[path.index(module):] + (module,)))
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, path + (module,))
        done.add(module)

    for module in graph:
        visit(module, ())


def test_every_module_says_what_it_is() -> None:
    """A docstring whose first line says what the module holds, as the tree promises."""
    silent = [m for m, path in MODULES.items()
              if not (ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "").strip()]
    assert not silent, f"modules without a docstring: {silent}"

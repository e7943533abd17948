"""Format a BuildPlan with Jinja templates. Templates print; they never decide."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2

from rustdock.cargo import MANIFEST, Project, read_project
from rustdock.config import Config, find_config
from rustdock.errors import RustdockError
from rustdock.plan import BuildPlan, make_plan

DOCKERFILE_TEMPLATE = "Dockerfile.j2"
BUILTIN_PREFIX = "rustdock"
# Kept out of the build context: the host's target/ above all (a stale binary could be
# copied from it), then VCS and editor or OS junk that only busts the layer cache.
DOCKERIGNORE_ENTRIES = (
    "target/",
    ".git/",
    ".idea/",
    ".vscode/",
    "*.swp",
    "*~",
    ".DS_Store",
    "Thumbs.db",
)


@dataclass(frozen=True)
class Rendering:
    """What one run of rustdock would write, in memory."""

    project: Project
    config: Config
    config_table: str | None  # e.g. "package.metadata.rustdock"; None: defaults only
    plan: BuildPlan
    dockerfile: str  # the body, without the generated-file header
    dockerignore: tuple[str, ...]


def builtin_templates() -> Path:
    return Path(str(resources.files("rustdock.templates")))


def environment(search_path: list[Path] | None = None) -> jinja2.Environment:
    """Templates found first in `search_path`, then the built-ins, also reachable as `rustdock/...`."""
    builtin = jinja2.FileSystemLoader(builtin_templates())
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(p) for p in search_path or []]
    loaders += [jinja2.PrefixLoader({BUILTIN_PREFIX: builtin}), builtin]
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )


def render(directory: Path) -> Rendering:
    """Read the project at `directory`, plan its build and format the Dockerfile."""
    project = read_project(directory)
    config, table = find_config(project.manifest, str(project.root / MANIFEST))
    plan = make_plan(project, config)
    try:
        body = environment().get_template(DOCKERFILE_TEMPLATE).render(plan=plan)
    except jinja2.TemplateError as e:
        where = f"{e.filename or e.name}:{e.lineno}" if isinstance(e, jinja2.TemplateSyntaxError) else ""
        raise RustdockError(f"template {where or DOCKERFILE_TEMPLATE}: {e.message}") from None
    return Rendering(project, config, table, plan, body, DOCKERIGNORE_ENTRIES)

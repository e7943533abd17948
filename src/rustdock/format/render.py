"""Format a BuildPlan with Jinja templates. Templates print; they never decide.

Whatever a template renders is checked before anyone writes it: the lint error rules (a copy
from a cache mount, cook dropped, cook and build with different flags) and guard.py's proof that
the stages and the binaries' relocation are what the plan says. A template, built-in, org or
pack, that breaks one is refused with the first violation.

A change here that makes rustdock write other text for the same plan and templates bumps FORMAT
in write/files.py, which the inputs digest covers in place of this code.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from rustdock.decide.plan import BuildPlan, make_plan
from rustdock.errors import RustdockError
from rustdock.format.guard import Violation, prove, refuse
from rustdock.lint import guard
from rustdock.read.cargo import Project, read_project
from rustdock.settings.layers import Settings, TemplateDir, resolve

DOCKERFILE_TEMPLATE = "Dockerfile.j2"
BAKE_TEMPLATE = "docker-bake.hcl.j2"


@dataclass(frozen=True)
class Rendering:
    """What one run of rustdock would write, in memory."""

    project: Project
    settings: Settings
    plan: BuildPlan
    template: str  # the file the Dockerfile was rendered from
    dockerfile: str  # the body, without the generated-file header
    bake: str | None = None  # docker-bake.hcl's body, when the plan has one


def environment(search_path: tuple[TemplateDir, ...]) -> jinja2.Environment:
    """Templates from `search_path` in order; the built-ins are also reachable as `rustdock/...`,
    a pack's as `<pack>/...`, so that an override of the same file name can still extend them."""
    prefixed = {d.prefix: jinja2.FileSystemLoader(d.path) for d in search_path if d.prefix}
    loaders: list[jinja2.BaseLoader] = [jinja2.PrefixLoader(prefixed)]
    loaders += [jinja2.FileSystemLoader(d.path) for d in search_path]
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )


def render(directory: Path, overrides: Mapping[str, Any] | None = None) -> Rendering:
    """Read the project at `directory`, plan its build, format the Dockerfile and guard it."""
    project = read_project(directory)
    settings = resolve(project.root, project.manifest, overrides)
    plan = make_plan(project, settings.config)
    template, body = _render(settings, DOCKERFILE_TEMPLATE, plan)
    violations = [Violation(f.rule.id, f.line, f.message) for f in guard(body)] + prove(body, plan)
    refuse(violations, str(template.filename))
    bake = _render(settings, BAKE_TEMPLATE, plan)[1] if plan.bake else None
    return Rendering(project, settings, plan, str(template.filename), body, bake)


def _render(settings: Settings, name: str, plan: BuildPlan) -> tuple[jinja2.Template, str]:
    """The template `name`, first found on the lookup path, rendered with the plan."""
    try:
        template = environment(settings.template_dirs).get_template(name)
        return template, template.render(plan=plan)
    except jinja2.TemplateError as e:
        raise RustdockError(_describe(e)) from None
    except RecursionError:
        raise RustdockError("templates extend or include each other without end") from None
    except Exception as e:  # a template runs code: whatever it raises is the template's error
        raise RustdockError(_describe(e)) from None


def _describe(error: Exception) -> str:
    """A template error with the template file and line it happened at."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"template {error.filename or error.name}:{error.lineno}: {error.message}"
    if isinstance(error, jinja2.TemplateNotFound):
        return f"template {error.name!r} not found in the template path"
    # Jinja rewrites tracebacks so that template frames carry the template's file and line.
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".j2")]
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else DOCKERFILE_TEMPLATE
    message = getattr(error, "message", None) or f"{type(error).__name__}: {error}"
    return f"template {where}: {message}"

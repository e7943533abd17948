"""`rustdock check` without rendering: when the Dockerfile records the same inputs digest that
rustdock computes now, and neither generated file was touched, it is up to date.

The digest covers the plan, every template file on the lookup path and rustdock's own code,
and equal inputs render equal text. A mismatch proves nothing (a new rustdock version changes
the digest, not necessarily the text), so it only sends the caller to the full check.
"""

from __future__ import annotations

from pathlib import Path

from rustdock.cargo import read_project
from rustdock.errors import RustdockError
from rustdock.files import DOCKERFILE, DOCKERIGNORE, config_table, dockerignore_block, inputs_digest, read_record
from rustdock.layers import resolve
from rustdock.plan import make_plan
from rustdock.readers import read_text


def up_to_date(directory: Path) -> bool:
    """True only when both generated files are certainly what `generate` would write now."""
    try:
        project = read_project(directory)
        settings = resolve(project.root, project.manifest)
        plan = make_plan(project, settings.config)
        dockerfile = read_text(project.root / DOCKERFILE)
        dockerignore = read_text(project.root / DOCKERIGNORE)
    except (RustdockError, OSError):
        return False  # the full check reports it properly
    if dockerfile is None or dockerignore is None:
        return False
    record = read_record(dockerfile)
    return (
        record is not None
        and record.untouched
        and record.inputs == inputs_digest(plan, settings, config_table(settings, project.is_workspace))
        and dockerignore_block(plan.dockerignore) in dockerignore
    )

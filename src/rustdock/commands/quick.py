"""`rustdock check` without rendering: when the Dockerfile (and the bake file, if there is one)
records the same inputs digest that rustdock computes now, and no generated file was touched,
it is up to date.

The digest covers the plan, every template file on the lookup path and the version of the code
that formats them (write/files.py's FORMAT), and equal inputs render equal text. A mismatch
proves nothing (a new rustdock version changes the digest, not necessarily the text), so it only
sends the caller to the full check.
"""

from __future__ import annotations

from pathlib import Path

from rustdock.decide.plan import make_plan
from rustdock.errors import RustdockError
from rustdock.read.cargo import read_project
from rustdock.read.readers import read_text
from rustdock.settings.layers import resolve
from rustdock.write.files import DOCKERFILE, DOCKERIGNORE, config_table, dockerignore_block, inputs_digest, read_record


def up_to_date(directory: Path) -> bool:
    """True only when every generated file is certainly what `generate` would write now."""
    try:
        project = read_project(directory)
        settings = resolve(project.root, project.manifest)
        plan = make_plan(project, settings.config)
        generated = [read_text(project.root / DOCKERFILE)]
        if plan.bake is not None:
            generated.append(read_text(project.root / plan.bake.file))
        dockerignore = read_text(project.root / DOCKERIGNORE)
    except (RustdockError, OSError):
        return False  # the full check reports it properly
    if dockerignore is None or dockerignore_block(plan.dockerignore) not in dockerignore:
        return False
    if plan.system.warnings:
        return False  # the full check prints them
    inputs = inputs_digest(plan, settings, config_table(settings, project.is_workspace))
    records = [read_record(text) if text is not None else None for text in generated]
    return all(r is not None and r.untouched and r.inputs == inputs for r in records)

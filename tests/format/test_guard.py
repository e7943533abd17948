"""The guard: whatever template renders it, a Dockerfile rustdock writes keeps its promises.

Each hostile template below breaks one promise in one way; each is refused with a one-line error
that names the check, the template file and the line, and nothing is written. Templates that keep
the promises (the README's examples, every block left alone) are accepted.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rustdock.commands import actions
from rustdock.errors import RustdockError

README = Path(__file__).parents[2] / "README.md"
CRATE = {
    "Cargo.toml": '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n'
                  '[package.metadata.rustdock]\ntemplates = "docker"\n',
    "src/main.rs": "fn main() {}\n",
}
EXTENDS = '{% extends "rustdock/Dockerfile.j2" %}\n'
FLAGS = '{{ plan.cargo_flags | join(" ") }}'

HOSTILE = {
    "empty-relocation": ("{% block relocation %}{% endblock %}", "continuation"),
    "relocation-ends-in-a-continuation": (
        "{% block relocation %} && mkdir -p /out \\\n && cp target/release/svc /out/ \\\n{% endblock %}",
        "continuation",
    ),
    "copies-to-a-path-under-a-mount": (
        "{% block build %}\nFROM deps AS builder\nCOPY . .\n"
        f"RUN --mount=type=cache,target=/out cargo build {FLAGS} \\\n && cp target/release/svc /out/\n"
        "{% endblock %}",
        "RD001|relocation",
    ),
    "copies-in-a-separate-run": (
        "{% block build %}\nFROM deps AS builder\nCOPY . .\n"
        f"RUN --mount=type=cache,target=/app/target cargo build {FLAGS}\n"
        "RUN mkdir -p /out && cp target/release/svc /out/\n{% endblock %}",
        "RD001|relocation",
    ),
    "copies-another-file": (
        "{% block relocation %} && mkdir -p /out && cp README.md /out/svc\n{% endblock %}", "relocation",
    ),
    "builder-renamed": (
        "{% block build %}\nFROM cook AS build\nCOPY . .\n"
        f"RUN cargo build {FLAGS} && mkdir -p /out && cp target/release/svc /out/\n" "{% endblock %}",
        "stages",
    ),
    "image-not-from-runtime": (
        "{% block image %}\nFROM chef AS {{ image.stage }}\nCOPY --from=builder {{ image.copied_to }} "
        "{{ image.installed_at }}\n{% endblock %}",
        "stages",
    ),
    "image-stage-twice": (
        "{% block image %}\nFROM runtime AS {{ image.stage }}\nCOPY --from=builder {{ image.copied_to }} "
        "{{ image.installed_at }}\nFROM runtime AS {{ image.stage }}\n{% endblock %}",
        "stages",
    ),
    "cook-removed": ("{% block cook %}{% endblock %}", "stages|RD003"),
    "cook-emptied": ("{% block cook %}\nFROM chef AS cook\n{% endblock %}", "RD003"),
    "cook-flags-differ": (
        "{% block cook %}\nFROM chef AS cook\nCOPY --from=planner /app/recipe.json recipe.json\n"
        "RUN cargo chef cook --recipe-path recipe.json --profile dev --bins --locked\n{% endblock %}",
        "RD005",
    ),
    "suppression-comment-does-not-help": (
        "{% block relocation %} && true\n{% endblock %}"
        "{% block image %}\nFROM runtime AS {{ image.stage }}\n# rustdock-lint: ignore=RD001\n"
        "COPY --from=builder {{ plan.workdir }}/{{ image.artifact }} /usr/local/bin/svc\n{% endblock %}",
        "RD001|relocation",
    ),
    "build-flags-changed-through-super": (
        "{% block build %}{{ super() | replace('cargo build --release', 'cargo build --release --features extra') }}{% endblock %}",
        "RD005|relocation",
    ),
    "runtime-from-the-builder": (
        "{% block runtime_base %}\nFROM builder AS runtime\n{% endblock %}", "stages",
    ),
    "deps-ignores-the-build-arg": (
        "{% block deps %}\nFROM cook AS deps-layer\nFROM chef AS deps-cache\nFROM deps-layer AS deps\n{% endblock %}",
        "stages",
    ),
    "deps-default-changed": ("{% block syntax %}\nARG RUSTDOCK_DEPS=cache\n{% endblock %}", "stages"),
    "deps-cache-from-the-cook-stage": (
        "{% block deps %}{{ super() | replace('FROM chef AS deps-cache', 'FROM cook AS deps-cache') }}{% endblock %}",
        "stages",
    ),
    "deps-cache-builds-too": (
        "{% block deps %}{{ super() | replace('RUN mkdir', 'RUN cargo build ' ~ plan.cargo_flags | join(' ') ~ ' && mkdir') }}"
        "{% endblock %}",
        "relocation",
    ),
    "binary-copied-from-a-cache-mount": (
        "{% block relocation %} && true\n{% endblock %}"
        "{% block image %}\nFROM runtime AS {{ image.stage }}\n"
        "COPY --from=builder {{ plan.workdir }}/{{ image.artifact }} /usr/local/bin/svc\n{% endblock %}",
        "RD001|relocation",
    ),
}


@pytest.mark.parametrize(("block", "check"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_template_is_refused_and_nothing_written(
    tmp_path: Path, build_file_tree, block: str, check: str
) -> None:
    root = build_file_tree(tmp_path / "svc", CRATE | {"docker/Dockerfile.j2": EXTENDS + block + "\n"})
    with pytest.raises(RustdockError) as raised:
        actions.generate(root)
    message = str(raised.value)
    assert re.search(rf"template .*docker/Dockerfile\.j2 renders a Dockerfile rustdock will not write: "
                     rf"line \d+: ({check}): ", message), message
    assert "\n" not in message
    assert not (root / "Dockerfile").exists() and not (root / ".dockerignore").exists()


def _readme_templates() -> list[str]:
    return re.findall(r"```jinja\n(.*?)```", README.read_text(), flags=re.S)


@pytest.mark.parametrize("template", _readme_templates())
def test_the_readme_examples_are_accepted(tmp_path: Path, build_file_tree, template: str) -> None:
    root = build_file_tree(tmp_path / "svc", CRATE | {"docker/Dockerfile.j2": template})
    actions.generate(root)
    assert (root / "Dockerfile").is_file()


def test_overriding_blocks_while_keeping_promises_is_accepted(tmp_path: Path, build_file_tree) -> None:
    """An org may reword every block, as long as what it renders keeps the promises."""
    template = EXTENDS + (
        "{% block relocation %}\n && mkdir -p {{ plan.out_dir }} \\\n"
        "{% for image in plan.images %} && install -m 0755 {{ image.artifact }} {{ image.copied_to }}"
        "{% if not loop.last %} \\{% endif %}\n{% endfor %}{% endblock %}\n"
        "{% block runtime_setup %}\nLABEL team=platform\n{% endblock %}\n"
    )
    root = build_file_tree(tmp_path / "svc", CRATE | {"docker/Dockerfile.j2": template})
    actions.generate(root)
    assert "install -m 0755 target/release/svc /out/svc" in (root / "Dockerfile").read_text()

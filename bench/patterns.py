"""The Dockerfile of each benchmarked pattern, written into a work copy of an app."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jinja2

from bench.apps import App

RUSTDOCK = Path(sys.executable).parent / "rustdock"
PATTERNS = ("rustdock", "rustdock-cooktarget", "rustdock-proposal", "trap", "chef-readme", "docker-init")
# Measured next to the default to back a proposed template change; built here, not in templates/.
VARIANTS = ("rustdock-cooktarget", "rustdock-proposal")
ANCHORS = ("trap", "chef-readme", "docker-init")
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "patterns"),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)
DEPS_COPY = "/deps-target"
REGISTRY_COPY = "/deps-registry"


def rustdock(*args: str, cwd: Path) -> str:
    result = subprocess.run([str(RUSTDOCK), *args], cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"rustdock {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def generate(root: Path) -> dict:
    """`rustdock generate` with the default config, minus the `# syntax` line (no registry here)."""
    manifest = root / "Cargo.toml"
    if "metadata.rustdock]" not in manifest.read_text():
        rustdock("init", ".", cwd=root)
    text = manifest.read_text()
    if "# syntax = true" not in text:
        raise RuntimeError(f"{manifest}: expected init's commented-out `# syntax = true`")
    manifest.write_text(text.replace("# syntax = true", "syntax = false"))
    rustdock("generate", ".", cwd=root)
    return json.loads(rustdock("plan", "--json", ".", cwd=root))


def cook_target(dockerfile: str, plan: dict) -> str:
    """rustdock's Dockerfile with a persistent target cache in the cook RUN.

    cook compiles the dependencies under its own target cache mount (warm when a dependency is
    added) and copies the result into its layer at /deps-target; the build RUN's target cache is
    seeded from there instead of from cook's target/. Two replacements, each must match once.
    """
    target = next(m for m in plan["build_mounts"] if m["from_stage"] == "cook")
    cook_id = target["id"].removesuffix("-target") + "-cook-target"
    mount = f"--mount=type=cache,id={cook_id},target={target['target']},sharing=locked"
    text, cooks = re.subn(
        r"^(\s*)(cargo chef cook .*)$",
        lambda m: f"{m[1]}{mount} \\\n{m[1]}{m[2]} \\\n && cp -a {target['target']} {DEPS_COPY}",
        dockerfile, flags=re.MULTILINE,
    )
    seed = f"from=cook,source={target['source']}"
    text, seeds = re.subn(re.escape(seed), f"from=cook,source={DEPS_COPY}", text)
    if (cooks, seeds) != (1, 1):
        raise RuntimeError(f"the template changed: cook RUN matched {cooks}, target seed {seeds} times")
    return text


def seeded_registry(dockerfile: str, plan: dict) -> str:
    """rustdock-cooktarget whose build RUN gets the registry from cook, not from the network.

    cook also copies the registry cache into its layer; the build RUN's registry cache is seeded
    from that copy, so an emptied cache (a CI builder) does not download every crate again.
    """
    registry = next(m for m in plan["cook_mounts"] if m["target"].endswith("/registry"))
    text, cooks = re.subn(
        rf"^( && cp -a \S+ {re.escape(DEPS_COPY)})$",
        lambda m: f"{m[1]} \\\n && cp -a {registry['target']} {REGISTRY_COPY}",
        cook_target(dockerfile, plan), flags=re.MULTILINE,
    )
    build_mount = f"--mount=type=cache,id={registry['id']},target={registry['target']},sharing={registry['sharing']}"
    seeded = (f"--mount=type=cache,id={plan['project']}-build-registry,target={registry['target']},"
              f"sharing={registry['sharing']},from=cook,source={REGISTRY_COPY}")
    builder = text.index("FROM cook AS builder")
    head, tail = text[:builder], text[builder:]
    tail, seeds = re.subn(re.escape(build_mount), seeded, tail, count=1)
    if (cooks, seeds) != (1, 1):
        raise RuntimeError(f"the template changed: cook copy matched {cooks}, registry mount {seeds} times")
    return head + tail


def write_dockerfile(pattern: str, app: App, root: Path) -> str:
    """Write `pattern`'s Dockerfile (and rustdock's .dockerignore) into the copy; return it."""
    if pattern.startswith("rustdock"):
        plan = generate(root)
        text = (root / "Dockerfile").read_text()
        if pattern == "rustdock-cooktarget":
            text = cook_target(text, plan)
        elif pattern == "rustdock-proposal":
            text = seeded_registry(text, plan)
    else:
        template = TEMPLATES.get_template(f"{pattern}.Dockerfile.j2")
        text = template.render(bin=app.binary, bind_dirs=app.bind_dirs)
    (root / "Dockerfile").write_text(text)
    return text


def base_images(dockerfiles: list[str]) -> list[str]:
    """The images the Dockerfiles start FROM (not their own stages), ARG defaults filled in."""
    images: list[str] = []
    for text in dockerfiles:
        args = dict(re.findall(r"^ARG (\w+)=(\S+)$", text, flags=re.MULTILINE))
        stages = set(re.findall(r"^FROM .* AS (\S+)$", text, flags=re.MULTILINE))
        for image in re.findall(r"^FROM (?:--\S+ )*(\S+)", text, flags=re.MULTILINE):
            image = re.sub(r"\$\{(\w+)\}", lambda m, args=args: args[m[1]], image)
            if image not in stages and image != "scratch" and image not in images:
                images.append(image)
    return images

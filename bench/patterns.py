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
PATTERNS = ("rustdock", "rustdock-cache", "rustdock-shared", "trap", "chef-readme", "docker-init")
# Alternative rustdock layouts measured next to the default to back a template change, derived
# from the generated Dockerfile in write_dockerfile. (The cook target cache and the registry
# seeded from cook were variants once, and became the default.)
VARIANTS: tuple[str, ...] = ("rustdock-cache", "rustdock-shared",)
ANCHORS = ("trap", "chef-readme", "docker-init")
# Scenarios in which a pattern compiles every dependency again, by its design: as slow as a cold
# build, and on a service-sized app as long. (The cold build is one for every pattern.)
FULL_REBUILDS = {
    ("chef-readme", "add-dep"): "cook has no cache: a changed recipe compiles every dependency",
    ("docker-init", "ci-leaf"): "no dependency layer: an empty target cache compiles every dependency",
    ("trap", "ci-leaf"): "no dependency layer: an empty target cache compiles every dependency",
    ("docker-init", "ci-remote"): "no dependency layer: a fresh builder compiles every dependency",
    ("trap", "ci-remote"): "no dependency layer: a fresh builder compiles every dependency",
    ("rustdock-cache", "ci-leaf"): "RUSTDOCK_DEPS=cache: an empty target cache compiles every dependency",
    ("rustdock-cache", "ci-remote"): "RUSTDOCK_DEPS=cache: a fresh builder compiles every dependency",
}
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "patterns"),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


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


def write_dockerfile(pattern: str, app: App, root: Path) -> str:
    """Write `pattern`'s Dockerfile (and rustdock's .dockerignore) into the copy; return it."""
    if pattern.startswith("rustdock"):
        plan = generate(root)
        text = (root / "Dockerfile").read_text()
        if pattern == "rustdock-shared":
            text = shared_target(text, plan)
        elif pattern == "rustdock-cache":
            text = deps_from_cache(text, plan)
    else:
        template = TEMPLATES.get_template(f"{pattern}.Dockerfile.j2")
        text = template.render(bin=app.binary, bind_dirs=app.bind_dirs)
    (root / "Dockerfile").write_text(text)
    return text


def deps_from_cache(dockerfile: str, plan: dict) -> str:
    """rustdock's Dockerfile as `docker build --build-arg RUSTDOCK_DEPS=cache` builds it: the same
    file with the other default, so that the bench builds every pattern with one command."""
    deps = plan["deps"]
    old = f"\nARG {deps['arg']}={deps['default']}\n"
    if dockerfile.count(old) != 1:
        raise RuntimeError(f"the template changed: {old!r} matched {dockerfile.count(old)} times")
    return dockerfile.replace(old, f"\nARG {deps['arg']}=cache\n")


def shared_target(dockerfile: str, plan: dict) -> str:
    """rustdock's Dockerfile whose build RUN seeds nothing (bench/README.md, "Goals").

    cook and build share one target cache and the registry cache, so no mount of the build RUN
    is taken `from=cook` (which costs BuildKit 2-4 s per new cook layer). cook marks its output
    with the recipe's hash and drops the freshness record (its skeleton builds of the workspace
    crates land in the shared cache). When the shared cache lacks cook's mark (a fresh builder,
    pruned mounts), the build RUN builds in cook's /deps copy in its own file system, and fills an
    empty registry cache from /deps/registry. Every replacement must match exactly once.
    """
    cook = next(m for m in plan["cook_mounts"] if m["id"].endswith("-cook-target"))
    target, deps, stage = cook["target"], plan["deps_dir"], plan["deps"]["stage"]
    shared = cook["id"].replace("-cook-target", "-shared-target")
    registry = next(m for m in plan["cook_mounts"] if m["target"].endswith("/registry"))
    replacements = [
        (f"id={cook['id']},", f"id={shared},"),
        (f" \\\n && mkdir -p {deps} \\\n",
         f" \\\n && rm -f {target}/.rustdock-sources \\\n"
         f" && sha256sum recipe.json > {target}/.rustdock-cooked \\\n && mkdir -p {deps} \\\n"),
        (f"--mount=type=cache,id={plan['project']}-registry,target={registry['target']},sharing=locked,"
         f"from={stage},source={deps}/registry",
         f"--mount=type=cache,id={registry['id']},target={registry['target']},sharing=locked"),
        (f"--mount=type=cache,id={plan['project']}-target,target={target},sharing=locked,"
         f"from={stage},source={deps}/target \\\n    find",
         f"--mount=type=cache,id={shared},target={target},sharing=locked \\\n"
         f"    if cmp -s {deps}/target/.rustdock-cooked {target}/.rustdock-cooked; then t={target}; "
         f"else t={deps}/target; fi \\\n"
         f" && {{ [ -d {registry['target']}/index ] || cp -a {deps}/registry/. {registry['target']}/; }} \\\n"
         f" && export CARGO_TARGET_DIR=$t \\\n && find"),
    ]
    text = dockerfile
    for old, new in replacements:
        if text.count(old) != 1:
            raise RuntimeError(f"the template changed: {old!r} matched {text.count(old)} times")
        text = text.replace(old, new)
    builder = text.index(f"FROM {stage} AS builder")
    head, tail = text[:builder], text[builder:]
    tail = tail.replace(f"{target}/.rustdock-sources", "$t/.rustdock-sources")
    tail = re.sub(r"(?<=[ ])target/release/", "$t/release/", tail)
    return head + tail


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

"""rustdock's hooks (.pre-commit-hooks.yaml) run by pre-commit itself, in a throwaway git
repository holding a small crate: a fresh Dockerfile passes, a stale one fails the commit until
`rustdock generate`, the cache-mount trap fails the lint hook.

pre-commit pip-installs rustdock from the hooks repository into an environment of its own: once
per try-repo, once per store. Each install reads a wheelhouse of rustdock's dependencies that
this module fills once, and no package index.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rustdock.commands import actions

ROOT = Path(__file__).parents[2]
README = ROOT / "README.md"
TRAP = ROOT / "tests" / "e2e" / "trap.Dockerfile"
IDENTITY = {
    "GIT_AUTHOR_NAME": "rustdock tests", "GIT_AUTHOR_EMAIL": "tests@rustdock.invalid",
    "GIT_COMMITTER_NAME": "rustdock tests", "GIT_COMMITTER_EMAIL": "tests@rustdock.invalid",
}
CRATE = {
    "Cargo.toml": '[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2021"\n',
    "src/main.rs": 'fn main() {\n    println!("hello");\n}\n',
}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=os.environ | IDENTITY, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This working tree (what `git add -A` would commit) as a repository of one commit.

    try-repo on the checkout itself would read HEAD plus the changes to tracked files: a hooks
    file not committed yet, or an old commit's, would be what runs."""
    repo = tmp_path_factory.mktemp("hooks") / "rustdock"
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is left out, as `git add -A` would
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "working tree")
    return repo


@pytest.fixture(scope="module")
def pre_commit_env(hooks_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """What pre-commit's environment adds: its pip reads the wheelhouse only; its store is ours."""
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-build-isolation", "--wheel-dir", str(wheels),
                    str(hooks_repo)], check=True, capture_output=True, timeout=300)
    return {
        "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheels),
        # Build rustdock with the setuptools virtualenv puts into the hook's environment, not in a
        # second one (pip reads this variable inverted: "0" turns build isolation off).
        "PIP_NO_BUILD_ISOLATION": "0",
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
    }


@pytest.fixture
def crate(tmp_path: Path, build_file_tree) -> Path:
    """A git repository holding a crate with the files `rustdock init` writes, all committed."""
    root = build_file_tree(tmp_path / "hello", CRATE)
    actions.init(root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "a crate")
    return root


def pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=os.environ | IDENTITY | env,
                          capture_output=True, text=True, timeout=300)


def commit(cwd: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    """`git commit`, its hooks' output in stdout (git sends a hook's stdout to its stderr)."""
    return subprocess.run(["git", "commit", "-m", message], cwd=cwd, env=os.environ | IDENTITY | env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)


def verdicts(output: str) -> dict[str, str]:
    """pre-commit's one line per hook, `rustdock check (...)....Passed`, as {"rustdock check": "Passed"}."""
    return dict(re.findall(r"(?m)^(rustdock \w+) .*?(Passed|Failed|Skipped)$", output))


def test_try_repo_fails_a_stale_dockerfile_and_the_trap(crate: Path, hooks_repo: Path,
                                                         pre_commit_env: dict[str, str]) -> None:
    (crate / "src/bin").mkdir()
    (crate / "src/bin/worker.rs").write_text("fn main() {}\n")
    (crate / "deploy").mkdir()
    shutil.copy(TRAP, crate / "deploy/app.Dockerfile")  # a hand-written Dockerfile with the trap
    git(crate, "add", "-A")  # --all-files means the files git knows
    result = pre_commit(crate, pre_commit_env, "try-repo", str(hooks_repo), "--all-files")
    assert verdicts(result.stdout) == {"rustdock check": "Failed", "rustdock lint": "Failed"}, result.stdout
    assert "rustdock: Dockerfile is stale: added binary `worker`" in result.stdout
    assert "deploy/app.Dockerfile:15: RD001 [error]" in result.stdout
    assert not re.search(r"(?m)^Dockerfile:\d+:", result.stdout)  # the generated one has no finding


def test_a_stale_dockerfile_fails_the_commit_until_generate(crate: Path, hooks_repo: Path,
                                                            pre_commit_env: dict[str, str]) -> None:
    """The README's snippet, pointed at this working tree, as a project adds it: the fresh
    Dockerfile passes, a config change without `rustdock generate` is refused."""
    snippet = README.read_text().split("\n### pre-commit\n", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    config = snippet.replace("<rustdock's git repository URL>", str(hooks_repo))
    config = config.replace("<a tag or commit of it>", git(hooks_repo, "rev-parse", "HEAD").strip())
    (crate / ".pre-commit-config.yaml").write_text(config)
    git(crate, "add", ".pre-commit-config.yaml")
    fresh = pre_commit(crate, pre_commit_env, "run", "--all-files")
    assert verdicts(fresh.stdout) == {"rustdock check": "Passed", "rustdock lint": "Passed"}, fresh.stdout
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    pre_commit(crate, pre_commit_env, "install").check_returncode()

    manifest = crate / "Cargo.toml"
    default = '# runtime = "debian-slim"  # default\n'
    assert default in manifest.read_text()
    manifest.write_text(manifest.read_text().replace(default, 'runtime = "distroless"\n'))
    git(crate, "add", "-A")
    refused = commit(crate, pre_commit_env, "distroless")
    assert refused.returncode == 1, refused.stdout
    assert verdicts(refused.stdout)["rustdock check"] == "Failed", refused.stdout
    assert "rustdock: Dockerfile is stale" in refused.stdout

    actions.generate(crate)
    git(crate, "add", "-A")
    committed = commit(crate, pre_commit_env, "distroless")
    assert committed.returncode == 0, committed.stdout
    assert verdicts(committed.stdout) == {"rustdock check": "Passed", "rustdock lint": "Passed"}, committed.stdout

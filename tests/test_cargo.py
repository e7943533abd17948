"""Reading Cargo: cases found on real-world workspaces, checked against Cargo's own answer."""

from __future__ import annotations

from pathlib import Path

from rustdock.cargo import read_project


def test_workspace_inherited_path_dependencies_become_members(tmp_path: Path, build_file_tree) -> None:
    # Found on denoland/deno: `dep = { workspace = true }` whose [workspace.dependencies] entry
    # is a path inside the root makes that crate a member (cargo metadata agrees).
    files = {
        "Cargo.toml": '[workspace]\nmembers = ["app"]\n[workspace.dependencies]\nshared = { path = "libs/shared" }\n',
        "app/Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n'
                          "[dependencies]\nshared = { workspace = true }\n",
        "app/src/main.rs": "fn main() {}\n",
        "libs/shared/Cargo.toml": '[package]\nname = "shared"\nversion = "0.1.0"\nedition = "2021"\n',
        "libs/shared/src/bin/tool.rs": "fn main() {}\n",
    }
    project = read_project(build_file_tree(tmp_path, files))
    assert [p.name for p in project.packages] == ["app", "shared"]
    assert project.default_members == ("app", "shared")
    assert [b.path for b in project.binaries] == ["app/src/main.rs", "libs/shared/src/bin/tool.rs"]

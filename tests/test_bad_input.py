"""Every bad-input path ends in one RustdockError that names what is wrong; nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from rustdock.commands import actions
from rustdock.errors import RustdockError

PACKAGE = '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n'
MAIN = {"src/main.rs": "fn main() {}\n"}


def configured(table: str) -> dict[str, str]:
    return {"Cargo.toml": PACKAGE + "\n[package.metadata.rustdock]\n" + table + "\n", **MAIN}


CASES = {
    "no-manifest": ({"src/main.rs": "fn main() {}\n"}, r"Cargo.toml: no such file"),
    "invalid-toml": ({"Cargo.toml": "[package\n", **MAIN}, r"Cargo.toml: invalid TOML"),
    "neither-package-nor-workspace": ({"Cargo.toml": "[dependencies]\n", **MAIN}, r"neither \[package\] nor \[workspace\]"),
    "no-binaries": ({"Cargo.toml": PACKAGE, "src/lib.rs": ""}, r"no binary to build"),
    "unknown-key": (configured('runtimes = "scratch"'), r"\[package.metadata.rustdock\]: unknown key 'runtimes'"),
    "wrong-type": (configured("profile = 3"), r"rustdock\]: profile: expected a string, got 3"),
    "wrong-bool": (configured('syntax = "no"'), r"syntax: expected true or false"),
    "not-a-list": (configured('features = "a"'), r"features: expected a list of strings"),
    "unknown-runtime": (configured('runtime = "ubuntu"'), r"runtime: 'ubuntu' is not one of debian-slim"),
    "image-injection": (configured('chef-image = "rust:1\\nRUN curl evil | sh"'), r"chef-image: .* is not a valid"),
    "image-space": (configured('runtime-image = "debian AS x"'), r"runtime-image: .* is not a valid"),
    "feature-injection": (configured('features = ["a && rm -rf /"]'), r"features: .* is not a valid"),
    "profile-injection": (configured('profile = "release\\nUSER root"'), r"profile: .* is not a valid"),
    "user-injection": (configured('user = "root\\nRUN id"'), r"user: .* is not a valid"),
    "named-user-on-scratch": (configured('runtime = "scratch"\nuser = "app"'), r"a scratch image has no /etc/passwd"),
    "workdir-relative": (configured('workdir = "app"'), r"workdir: 'app' is not a valid"),
    "workdir-root": (configured('workdir = "/"'), r'workdir = "/": the build needs a directory of its own'),
    "target-injection": (configured('target = "x86_64-unknown-linux-gnu; id"'), r"target: .* is not a valid"),
    "rust-version-word": (configured('rust-version = "stable"'), r"rust-version: 'stable' is not a valid"),
    "unknown-bin": (configured('bins = ["nope"]'), r"bins names 'nope', which is not a binary"),
    "unknown-excluded-bin": (configured('exclude-bins = ["nope"]'), r"exclude-bins names 'nope'"),
    "everything-excluded": (configured('exclude-bins = ["app"]'), r"no binary to build"),
    "both-config-tables": (
        {"Cargo.toml": PACKAGE + '[workspace]\n[workspace.metadata.rustdock]\n[package.metadata.rustdock]\n', **MAIN},
        r"config is in both",
    ),
    "required-features-not-enabled": (
        {"Cargo.toml": PACKAGE + '[features]\nextra = []\n[[bin]]\nname = "app"\nrequired-features = ["extra"]\n'
         '[package.metadata.rustdock]\nbins = ["app"]\n', **MAIN},
        r"binary 'app' requires features extra; add them to `features`",
    ),
    "bin-path-not-found": (
        {"Cargo.toml": PACKAGE + '[[bin]]\nname = "tool"\n', **MAIN},
        r"cannot infer the path of \[\[bin\]\] 'tool'",
    ),
    "bin-without-name": ({"Cargo.toml": PACKAGE + '[[bin]]\npath = "src/main.rs"\n', **MAIN}, r"every \[\[bin\]\] needs a name"),
    "member-without-manifest": ({"Cargo.toml": '[workspace]\nmembers = ["missing"]\n'}, r"member 'missing' has no Cargo.toml"),
    "default-member-not-member": (
        {"Cargo.toml": '[workspace]\nmembers = ["a"]\ndefault-members = ["b"]\n',
         "a/Cargo.toml": PACKAGE, "a/src/main.rs": "fn main() {}\n", "b/Cargo.toml": PACKAGE.replace('"app"', '"b"')},
        r"default-members names 'b', which is not a member",
    ),
    "same-bin-name-in-two-packages": (
        {"Cargo.toml": '[workspace]\nmembers = ["a", "b"]\n',
         "a/Cargo.toml": PACKAGE.replace('"app"', '"a"'), "a/src/bin/tool.rs": "fn main() {}\n",
         "b/Cargo.toml": PACKAGE.replace('"app"', '"b"'), "b/src/bin/tool.rs": "fn main() {}\n"},
        r"packages 'a' and 'b' both have a binary named 'tool'; leave one out with `exclude-bins`",
    ),
    "toolchain-file-garbage": ({"Cargo.toml": PACKAGE, **MAIN, "rust-toolchain": "a\nb\n"}, r"rust-toolchain: neither TOML"),
    "rust-version-garbage": ({"Cargo.toml": PACKAGE.replace('edition', 'rust-version = "latest"\nedition'), **MAIN},
                             r"rust-version 'latest' is not a version"),
}


@pytest.mark.parametrize("files, message", CASES.values(), ids=CASES.keys())
def test_bad_input_is_one_clear_error(tmp_path: Path, files: dict[str, str], message: str, build_file_tree) -> None:
    build_file_tree(tmp_path, files)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(RustdockError, match=message) as error:
        actions.generate(tmp_path)
    assert "\n" not in str(error.value)
    assert error.value.exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_member_crate_points_to_its_workspace(tmp_path: Path, build_file_tree) -> None:
    build_file_tree(tmp_path, {
        "Cargo.toml": '[workspace]\nmembers = ["app"]\n',
        "app/Cargo.toml": PACKAGE,
        "app/src/main.rs": "fn main() {}\n",
    })
    with pytest.raises(RustdockError, match=r"is a member of the workspace at .*; run rustdock there"):
        actions.generate(tmp_path / "app")

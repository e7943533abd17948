"""The private sparse registry of the end-to-end tests (registry.py), checked against the host's
cargo and cargo-chef — no Docker engine. What it proves is what the Docker tests rely on: the
registry demands its token the way an `auth-required` registry does, and cargo uses it.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from registry import CONSUMER, CRATE, Registry, cargo_package, consumer, index_path, pack, private_registry  # noqa: F401


def get(url: str, token: str | None = None) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Authorization": token} if token is not None else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def cargo(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["cargo", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def clean_env(tmp_path: Path, private_registry: Registry) -> dict[str, str]:  # noqa: F811
    """The host's environment with an empty CARGO_HOME and no token or provider for the registry."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARGO_REGISTRIES_")}
    env["CARGO_HOME"] = str(tmp_path / "cargo-home")
    private_registry.clear()
    return env


def test_index_paths_follow_the_cargo_book() -> None:
    assert index_path("a") == "1/a"
    assert index_path("ab") == "2/ab"
    assert index_path("abc") == "3/a/abc"
    assert index_path("cargo") == "ca/rg/cargo"
    assert index_path("Acme-Greeting") == "ac/me/acme-greeting"


def test_the_crate_is_a_deterministic_tarball_in_cargos_layout() -> None:
    manifest, crate = pack(CRATE)
    assert pack(CRATE)[1] == crate
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(crate))) as tar:
        names = tar.getnames()
    assert names == ["acme-greeting-0.1.0/Cargo.toml", "acme-greeting-0.1.0/src/lib.rs"]
    assert manifest["package"]["name"] == "acme-greeting"


def test_every_request_needs_the_token(private_registry: Registry) -> None:  # noqa: F811
    registry = private_registry
    registry.clear()
    config, index, download = (f"{registry.url}/index/config.json", f"{registry.url}/index/ac/me/acme-greeting",
                               f"{registry.url}/api/v1/crates/acme-greeting/0.1.0/download")
    for url in (config, index, download):
        for token in (None, "wrong", ""):
            status, _, headers = get(url, token)
            assert status == 401, (url, token)
            assert headers["WWW-Authenticate"] == f'Cargo login_url="{registry.url}/me"'

    status, body, _ = get(config, registry.token)
    assert status == 200
    assert json.loads(body) == {"dl": f"{registry.url}/api/v1/crates", "api": registry.url, "auth-required": True}
    status, body, _ = get(index, registry.token)
    entry = json.loads(body)
    assert (status, entry["name"], entry["vers"], entry["deps"], entry["yanked"]) == (200, "acme-greeting", "0.1.0", [], False)
    status, crate, _ = get(download, registry.token)
    assert status == 200 and hashlib.sha256(crate).hexdigest() == entry["cksum"]
    assert get(f"{registry.url}/index/no/ne/nonesuch", registry.token)[0] == 404

    assert len(registry.requests) == 13
    assert [r.status for r in registry.unauthorised()] == [401] * 9
    assert registry.served_without_token() == []
    assert registry.downloads() == [("acme-greeting", "0.1.0", "host")]


def test_cargo_resolves_and_builds_with_the_token(tmp_path: Path, private_registry: Registry,  # noqa: F811
                                                   clean_env: dict[str, str]) -> None:
    registry = private_registry
    project = consumer(tmp_path / "uses-private", registry)
    lock = tomllib.loads((project / "Cargo.lock").read_text())
    acme = next(p for p in lock["package"] if p["name"] == "acme-greeting")
    # The lockfile names the registry by its URL, port included: it cannot be kept in the repository.
    assert acme["source"] == f"sparse+http://127.0.0.1:{registry.port}/index/" == registry.index_url
    assert acme["checksum"] == hashlib.sha256(pack(CRATE)[1]).hexdigest()

    registry.clear()
    built = cargo(["build", "--locked"], project, registry.env(base=clean_env))
    assert built.returncode == 0, built.stderr
    out = subprocess.run([project / "target" / "debug" / "uses-private"], capture_output=True, text=True).stdout
    assert out == "hello from the acme registry\n"
    # Cargo sends the token over plain http (to loopback, too): every answer went to the host's token.
    assert registry.downloads() == [("acme-greeting", "0.1.0", "host")]
    assert registry.served_without_token() == []


def test_without_a_token_cargo_prints_its_auth_error(tmp_path: Path, private_registry: Registry,  # noqa: F811
                                                     clean_env: dict[str, str]) -> None:
    registry = private_registry
    project = consumer(tmp_path / "uses-private", registry)

    no_token = cargo(["build", "--locked"], project, registry.env(None, base=clean_env))
    assert no_token.returncode == 101
    assert ("no token found for `acme`, please run `cargo login --registry acme`\n"
            "  or use environment variable CARGO_REGISTRIES_ACME_TOKEN") in no_token.stderr

    wrong = cargo(["build", "--locked"], project, {**registry.env(None, base=clean_env), registry.env_var: "wrong"})
    assert wrong.returncode == 101
    assert "token rejected for `acme`" in wrong.stderr

    # An auth-required registry needs a credential provider configured explicitly, even with the token set.
    no_provider = cargo(["build", "--locked"], project, {**clean_env, registry.env_var: registry.token})
    assert no_provider.returncode == 101
    assert "authenticated registries require a credential-provider to be configured" in no_provider.stderr

    assert registry.downloads() == []
    assert registry.served_without_token() == []


def test_a_provider_in_the_project_config_makes_the_token_alone_enough(
        tmp_path: Path, private_registry: Registry, clean_env: dict[str, str]) -> None:  # noqa: F811
    registry = private_registry
    project = consumer(tmp_path / "uses-private", registry, provider=True)
    built = cargo(["fetch", "--locked"], project, {**clean_env, registry.env_var: registry.token})
    assert built.returncode == 0, built.stderr
    assert registry.downloads() == [("acme-greeting", "0.1.0", "host")]


def test_the_per_registry_provider_variable_overrides_any_config(
        tmp_path: Path, private_registry: Registry, clean_env: dict[str, str]) -> None:  # noqa: F811
    """What a Dockerfile can rely on whatever the project's .cargo/config.toml says."""
    registry = private_registry
    project = consumer(tmp_path / "uses-private", registry)
    config = project / ".cargo" / "config.toml"
    config.write_text(registry.cargo_config() + 'credential-provider = "cargo:libsecret"\n')
    global_only = cargo(["fetch", "--locked"], project, {
        **clean_env, registry.env_var: registry.token, "CARGO_REGISTRY_GLOBAL_CREDENTIAL_PROVIDERS": "cargo:token"})
    assert global_only.returncode == 101
    assert "will be ignored because this registry is configured to use credential-provider `cargo:libsecret`" in global_only.stderr
    fetched = cargo(["fetch", "--locked"], project, registry.env(base=clean_env))
    assert fetched.returncode == 0, fetched.stderr
    assert registry.downloads() == [("acme-greeting", "0.1.0", "host")]


def chef() -> str:
    found = shutil.which("cargo-chef")
    cached = Path(os.environ.get("RUSTDOCK_CACHE", "/var/cache/rustdock")) / "cargo-chef" / "bin" / "cargo-chef"
    if found is None and not cached.exists():
        pytest.fail(f"cargo-chef neither on PATH nor at {cached}: run scripts/base-images.sh")
    return str(Path(found).parent if found else cached.parent)


def test_the_planner_needs_no_token_and_the_cook_does(tmp_path: Path, private_registry: Registry,  # noqa: F811
                                                       clean_env: dict[str, str]) -> None:
    """`cargo chef prepare` with a Cargo.lock and without `--bin` runs `cargo metadata --no-deps`:
    no request at all. `cargo chef cook` downloads the crates: it needs the token."""
    registry = private_registry
    project = consumer(tmp_path / "uses-private", registry)
    env = {**clean_env, "PATH": f"{chef()}{os.pathsep}{clean_env['PATH']}"}
    registry.clear()
    prepared = cargo(["chef", "prepare", "--recipe-path", str(tmp_path / "recipe.json")], project, env)
    assert prepared.returncode == 0, prepared.stderr
    assert registry.requests == []

    cook = tmp_path / "cook"
    cook.mkdir()
    shutil.copy(tmp_path / "recipe.json", cook / "recipe.json")
    args = ["chef", "cook", "--release", "--locked", "--recipe-path", "recipe.json"]
    without = cargo(args, cook, registry.env(None, base=env))
    assert without.returncode != 0
    assert "no token found for `acme`" in without.stderr
    cooked = cargo(args, cook, registry.env(base=env))
    assert cooked.returncode == 0, cooked.stderr
    assert registry.downloads() == [("acme-greeting", "0.1.0", "host")]


def test_a_crate_that_cargo_package_built_serves_as_well(tmp_path: Path, clean_env: dict[str, str]) -> None:
    """The other way to fill the registry: `cargo package --no-verify` (its .crate records the
    VCS state, so its checksum changes with every commit, unlike `pack`'s)."""
    with Registry() as registry:
        crate = cargo_package(CRATE, tmp_path / "package-target")
        published = registry.publish(CRATE, crate=crate)
        project = consumer(tmp_path / "uses-private", registry)
        assert f'checksum = "{published.cksum}"' in (project / "Cargo.lock").read_text()
        built = cargo(["build", "--locked"], project, registry.env(base=clean_env))
        assert built.returncode == 0, built.stderr
        assert registry.downloads() == [("acme-greeting", "0.1.0", "host")]


def test_a_mirror_that_replaces_crates_io_needs_its_token_though_the_lockfile_names_crates_io(
        tmp_path: Path, private_registry: Registry, clean_env: dict[str, str]) -> None:  # noqa: F811
    """`[source.crates-io] replace-with = "acme"`: Cargo.lock keeps crates.io as the source, so
    only .cargo/config.toml tells that the build needs the `acme` token."""
    registry = private_registry
    source = tmp_path / "source"
    shutil.copytree(CONSUMER, source)
    manifest = source / "Cargo.toml"
    manifest.write_text(manifest.read_text().replace(', registry = "acme"', ""))
    project = consumer(tmp_path / "uses-private", registry, source=source, lockfile=False)
    config = project / ".cargo" / "config.toml"
    config.write_text(registry.cargo_config() + '\n[source.crates-io]\nreplace-with = "acme"\n')

    without = cargo(["generate-lockfile"], project, registry.env(None, base=clean_env))
    assert without.returncode == 101
    assert "failed to query replaced source registry `crates-io`" in without.stderr
    assert "no token found for `acme`" in without.stderr
    locked = cargo(["generate-lockfile"], project, registry.env(base=clean_env))
    assert locked.returncode == 0, locked.stderr
    lock = tomllib.loads((project / "Cargo.lock").read_text())
    acme = next(p for p in lock["package"] if p["name"] == "acme-greeting")
    assert acme["source"] == "registry+https://github.com/rust-lang/crates.io-index"

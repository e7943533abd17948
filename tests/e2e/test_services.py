"""Real services with zero config: `rustdock init`, `docker build`, run — nothing else.

Each crate in tests/e2e/services needs something from the system that a pure-Rust crate does not:
OpenSSL (reqwest's default TLS), protoc and the well-known types (prost-build), clang and lld
(.cargo/config.toml), the system SQLite, libclang and the sqlx offline data; libseccomp, libdbus
and libmagic, which only the Debian-derived facts know (natives-debian.tsv); libpq through a
database backend that a feature chose. The base images hold exactly what the official ones hold,
so a package rustdock forgets fails the build or the start. The runtime image holds what the
binaries link and nothing the lockfile merely mentions.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rustdock.commands import actions
from rustdock.decide.system import CA_BUNDLE
from rustdock.format.render import render

from dockerengine import Engine, copy_project, offline

SERVICES = Path(__file__).parent / "services"
# The line each binary prints after its version: proof that the native part works at run time.
PROOF = {
    "tls-client": r"openssl: OpenSSL 3\.0\.\d+ .*, [1-9]\d* trusted certificates, reqwest client built",
    "grpc-proto": r"event: 42 at 1700000000s, 19 bytes",
    "lld-linked": r"linker: Linker: Debian LLD 14\.\d+\.\d+",  # Debian's lld, not the toolchain's own
    "sqlx-offline": r"sqlite: 3\.40\.\d+, answer: 42",  # bookworm's libsqlite3, not a bundled copy
    "seccomp-filter": r"libseccomp: 2\.5\.\d+, filter context created",  # bookworm's libseccomp2
    "dbus-version": r"libdbus: 1\.14\.\d+, method call built",  # bookworm's libdbus-1-3
    "file-types": r"libmagic: 5\.44, a PNG header is image/png",  # bookworm's libmagic1 and its database
    "diesel-postgres": r"libpq: 15\.\d+, connection refused: true",  # bookworm's libpq5
}
# What rustdock must have found, as `rustdock plan` lists it.
DETECTED = {
    "tls-client": ({"libssl-dev", "pkg-config"}, {"libssl3"}, set()),
    "grpc-proto": ({"libprotobuf-dev", "protobuf-compiler"}, set(), set()),
    "lld-linked": ({"clang", "lld"}, set(), set()),
    "sqlx-offline": ({"libclang-dev", "libsqlite3-dev", "pkg-config"}, {"libsqlite3-0"}, {"SQLX_OFFLINE"}),
    "seccomp-filter": ({"libseccomp-dev"}, {"libseccomp2"}, set()),
    "dbus-version": ({"libdbus-1-dev", "pkg-config"}, {"libdbus-1-3"}, set()),
    "file-types": ({"libmagic-dev", "pkg-config"}, {"libmagic1"}, set()),
    # with the registry index entries a developer's machine has (index.jsonl): features narrow the
    # lockfile's three drivers to the one this build compiles
    "diesel-postgres": ({"libpq-dev", "pkg-config"}, {"libpq5"}, set()),
}
# Packages the image must not hold: in Cargo.lock, not linked by any binary.
NOT_LINKED = {"diesel-postgres": {"libmariadb3", "libsqlite3-0"}}
# Services that link a crate reading the system's CA certificates: only their images hold the bundle.
CA_READERS = {"tls-client", "diesel-postgres"}  # native-tls, pq-sys


@pytest.fixture(params=sorted(PROOF))
def service(request: pytest.FixtureRequest, tmp_path: Path, index_cache) -> Path:
    root = copy_project(SERVICES / request.param, tmp_path / request.param)
    if (root / "index.jsonl").is_file():
        index_cache(root / "index.jsonl")
    actions.init(root)
    offline(root)
    actions.generate(root)
    return root


def test_a_service_builds_starts_and_finds_every_library(engine: Engine, service: Path) -> None:
    name = service.name
    plan = render(service).plan
    build, runtime, env = DETECTED[name]
    assert {p.name for p in plan.system.build_packages} == build
    assert {p.name for p in plan.system.runtime_packages} == runtime
    assert {e.name for e in plan.build_env} == env

    build = engine.build(service, label=f"service {name}: zero config, cold build")
    image = build.image
    first, proof = engine.run(image, "--version").splitlines()
    assert first == f"{name} 0.1.0"
    assert re.fullmatch(PROOF[name], proof), proof
    libraries = engine.run(image, f"/usr/local/bin/{name}", entrypoint="ldd")
    assert "not found" not in libraries, libraries
    bundle = engine.run(image, "-c", f"test -f {CA_BUNDLE} && echo present || echo absent", entrypoint="sh")
    assert bundle.strip() == ("present" if name in CA_READERS else "absent")
    assert engine.run(image, "-u", entrypoint="id").strip() == "10001"

    # The runtime installed what the builder found the binary links: the prediction, no more.
    linked = re.search(r"(?m)^#\d+ [\d.]+ rustdock: the binaries link packages: (.*)\(rustdock plan predicted: (.*)\)$",
                       build.log)
    assert linked, build.log[-3000:]
    assert set(linked[1].split()) == runtime, linked[0]
    installed = set(engine.run(image, "-W", "-f", "${Package}\n", entrypoint="dpkg-query").split())
    assert runtime <= installed and not NOT_LINKED.get(name, set()) & installed

"""A private Cargo sparse registry for the end-to-end tests, in Python's standard library.

It serves what the Cargo book ("Registry Index", "Registry Authentication") says a sparse
registry with `auth-required` serves, on the loopback interface:

    /index/config.json                  {"dl": ..., "api": ..., "auth-required": true}
    /index/<1|2|3/a|ab/cd>/<name>       one JSON line per published version
    /api/v1/crates/<name>/<vers>/download   the .crate (cargo appends the path to `dl`)

Every request, config.json included, must carry one of the registry's tokens in its
`Authorization` header (cargo sends the token verbatim, no scheme); any other request gets
401 with `WWW-Authenticate: Cargo login_url="..."`. Cargo 1.95 first asks for config.json
without a token; on that 401 it asks again with its token, or fails with its auth error
("no token found for `acme`" without one, "token rejected for `acme`" for a wrong or empty
one). Every request is recorded with the label of the token it carried, so a test can
assert who fetched what (`add_token("docker")` gives the Docker build a token of its own).
Plain http is enough: cargo sends tokens to http:// registries (checked on loopback and on
a non-loopback address), so no TLS.

Use the `private_registry` fixture (import it into the test module:
`from registry import private_registry  # noqa: F401`), or `Registry` directly:

    with Registry() as registry:
        registry.publish(PRIVATE / "acme-greeting")
        project = consumer(tmp_path / "uses-private", registry)   # copy + .cargo/config.toml
        subprocess.run(["cargo", "build"], cwd=project, env=registry.env())
        assert registry.downloads() == [("acme-greeting", "0.1.0", "host")]

`find_secret(engine.client, image, token)` lists every place a token occurs in an image.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import io
import json
import os
import secrets
import shutil
import subprocess
import tarfile
import tempfile
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

PRIVATE = Path(__file__).parent / "private"
CRATE = PRIVATE / "acme-greeting"
CONSUMER = PRIVATE / "uses-private"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    status: int
    who: str | None  # label of the token it carried; None: no token, or a wrong one
    authorization: str | None  # the header as sent (None when absent)
    user_agent: str

    @property
    def authorised(self) -> bool:
        return self.who is not None


@dataclass(frozen=True)
class Published:
    name: str
    vers: str
    cksum: str  # sha256 of the .crate: the index's `cksum` and the `checksum` in Cargo.lock
    crate: bytes
    line: str  # the index line


def index_path(name: str) -> str:
    """Where a crate's index file lives, relative to the index root (the Cargo book's layout)."""
    name = name.lower()
    if len(name) <= 2:
        return f"{len(name)}/{name}"
    if len(name) == 3:
        return f"3/{name[0]}/{name}"
    return f"{name[:2]}/{name[2:4]}/{name}"


def pack(directory: Path) -> tuple[dict, bytes]:
    """The crate in `directory` as `cargo package` lays it out: a gzipped tarball of
    `<name>-<vers>/...`. Deterministic (fixed mtimes and owners), so its checksum — and the
    Cargo.lock line that records it — is the same every run."""
    manifest = tomllib.loads((directory / "Cargo.toml").read_text())
    package = manifest["package"]
    for table in ("dependencies", "build-dependencies", "dev-dependencies", "target"):
        if manifest.get(table):
            raise NotImplementedError(f"{directory}: [{table}] is not supported by the test registry's packer")
    prefix = f"{package['name']}-{package['version']}"
    files = sorted(p for p in directory.rglob("*")
                   if p.is_file() and not {"target", ".git"} & set(p.relative_to(directory).parts)
                   and p.name != "Cargo.lock")
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for path in files:
            data = path.read_bytes()
            info = tarfile.TarInfo(f"{prefix}/{path.relative_to(directory).as_posix()}")
            info.size, info.mode, info.mtime = len(data), 0o644, 1_700_000_000
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    return manifest, gzip.compress(raw.getvalue(), mtime=0)


def cargo_package(directory: Path, target_dir: Path) -> bytes:
    """The .crate that `cargo package --no-verify` builds (needs cargo; not deterministic:
    it records the VCS state). An alternative to `pack` for crates it cannot handle."""
    subprocess.run(["cargo", "package", "--no-verify", "--allow-dirty", "--offline",
                    "--target-dir", str(target_dir)], cwd=directory, check=True, capture_output=True)
    manifest = tomllib.loads((directory / "Cargo.toml").read_text())["package"]
    return (target_dir / "package" / f"{manifest['name']}-{manifest['version']}.crate").read_bytes()


class Registry:
    """A sparse registry on `host`, a free port unless `port` is given. Start it with `with` or `start()`."""

    def __init__(self, name: str = "acme", host: str = "127.0.0.1", port: int = 0) -> None:
        self.name = name
        self.tokens: dict[str, str] = {}  # label -> token
        self.token = self.add_token("host")  # the default token, for the test's own cargo
        self.requests: list[Request] = []
        self._published: dict[str, list[Published]] = {}
        self._crates: dict[tuple[str, str], bytes] = {}
        self._lock = threading.Lock()
        self._server = http.server.ThreadingHTTPServer((host, port), self._handler())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # -- addresses and what cargo needs --------------------------------------------------
    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{self._server.server_address[0]}:{self.port}"

    @property
    def index_url(self) -> str:
        """What `[registries.<name>] index` names, and what Cargo.lock records as `source` (with `registry+` → `sparse+`)."""
        return f"sparse+{self.url}/index/"

    @property
    def env_var(self) -> str:
        return f"CARGO_REGISTRIES_{self.name.upper().replace('-', '_')}_TOKEN"

    def add_token(self, label: str) -> str:
        """A new accepted token; requests that carry it are recorded with `who=label`."""
        token = f"rustdock-test-{label}-{secrets.token_hex(16)}"
        self.tokens[label] = token
        return token

    def token_file(self, path: Path, label: str) -> Path:
        """The token of `label` in a file, for `docker build --secret id=...,src=PATH`. It ends
        with a newline, as files people keep tokens in do: `$(cat /run/secrets/ID)` drops it."""
        path.write_text(self.tokens[label] + "\n")
        path.chmod(0o600)
        return path

    @property
    def provider_var(self) -> str:
        return f"CARGO_REGISTRIES_{self.name.upper().replace('-', '_')}_CREDENTIAL_PROVIDER"

    def env(self, label: str | None = "host", base: dict[str, str] | None = None) -> dict[str, str]:
        """An environment for cargo (on top of `base`, else os.environ) with the token of `label`
        (None: none, even if `base` has one) and `CARGO_REGISTRIES_<NAME>_CREDENTIAL_PROVIDER=cargo:token`.

        Cargo (1.74+, checked on 1.95) refuses an `auth-required` registry unless a credential
        provider is configured explicitly ("authenticated registries require a
        credential-provider to be configured"); the per-registry variable overrides both a
        per-registry `credential-provider` and `registry.global-credential-providers` from any
        config file, while `CARGO_REGISTRY_GLOBAL_CREDENTIAL_PROVIDERS` does not override a
        per-registry setting."""
        env = dict(os.environ if base is None else base)
        env.pop(self.env_var, None)
        if label is not None:
            env[self.env_var] = self.tokens[label]
        env[self.provider_var] = "cargo:token"
        return env

    def cargo_config(self, provider: bool = False) -> str:
        """The .cargo/config.toml a consumer needs: the index URL, and (`provider=True`) the
        per-registry `credential-provider = "cargo:token"` that makes a bare
        CARGO_REGISTRIES_<NAME>_TOKEN enough. Without it cargo needs a provider from elsewhere
        (`env()` sets one), as in projects whose users configure theirs in ~/.cargo/config.toml."""
        text = f'[registries.{self.name}]\nindex = "{self.index_url}"\n'
        return text + ('credential-provider = "cargo:token"\n' if provider else "")

    # -- contents -----------------------------------------------------------------------
    def publish(self, directory: Path = CRATE, crate: bytes | None = None) -> Published:
        """Publish the crate in `directory` (packed with `pack`, unless `crate` holds the .crate bytes)."""
        manifest, packed = pack(directory) if crate is None else (
            tomllib.loads((directory / "Cargo.toml").read_text()), crate)
        package = manifest["package"]
        name, vers = package["name"], package["version"]
        cksum = hashlib.sha256(packed).hexdigest()
        entry = {"name": name, "vers": vers, "deps": [], "cksum": cksum, "features": {},
                 "yanked": False, "links": package.get("links"), "v": 1}
        if "rust-version" in package:
            entry["rust_version"] = package["rust-version"]
        published = Published(name, vers, cksum, packed, json.dumps(entry, separators=(",", ":")))
        with self._lock:
            self._published.setdefault(name.lower(), []).append(published)
            self._crates[(name, vers)] = packed
        return published

    def config_json(self) -> bytes:
        return json.dumps({"dl": f"{self.url}/api/v1/crates", "api": self.url,
                           "auth-required": True}).encode()

    # -- what happened ------------------------------------------------------------------
    def downloads(self, who: str | None = None) -> list[tuple[str, str, str | None]]:
        """(name, vers, who) of every .crate served (status 200); only those to `who` when given."""
        found = []
        for r in list(self.requests):
            parts = r.path.strip("/").split("/")
            if r.status == 200 and parts[:3] == ["api", "v1", "crates"] and parts[-1] == "download":
                found.append((parts[3], parts[4], r.who))
        return [d for d in found if who is None or d[2] == who]

    def unauthorised(self) -> list[Request]:
        return [r for r in list(self.requests) if not r.authorised]

    def served_without_token(self) -> list[Request]:
        """Requests answered with anything but 401 although they carried no valid token: must stay empty."""
        return [r for r in list(self.requests) if not r.authorised and r.status != 401]

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()

    # -- the server ---------------------------------------------------------------------
    def start(self) -> "Registry":
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"registry-{self.name}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=10)

    def __enter__(self) -> "Registry":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _answer(self, path: str) -> tuple[int, bytes, str]:
        path = path.split("?", 1)[0]
        if path == "/index/config.json":
            return 200, self.config_json(), "application/json"
        if path.startswith("/index/"):
            name = path.rsplit("/", 1)[-1].lower()
            with self._lock:
                versions = self._published.get(name, [])
            if versions and path == f"/index/{index_path(name)}":
                return 200, "".join(p.line + "\n" for p in versions).encode(), "text/plain"
            return 404, b"not found\n", "text/plain"
        parts = path.strip("/").split("/")
        if len(parts) == 6 and parts[:3] == ["api", "v1", "crates"] and parts[5] == "download":
            with self._lock:
                crate = self._crates.get((parts[3], parts[4]))
            if crate is not None:
                return 200, crate, "application/octet-stream"
        return 404, b"not found\n", "text/plain"

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        registry = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                self._serve(body=True)

            def do_HEAD(self) -> None:  # noqa: N802
                self._serve(body=False)

            def _serve(self, body: bool) -> None:
                authorization = self.headers.get("Authorization")
                who = next((label for label, token in registry.tokens.items() if authorization == token), None)
                if who is None:
                    status, data, kind = 401, b"this registry needs a token\n", "text/plain"
                else:
                    status, data, kind = registry._answer(self.path)
                with registry._lock:
                    registry.requests.append(Request(self.command, self.path, status, who, authorization,
                                                     self.headers.get("User-Agent", "")))
                self.send_response(status)
                if status == 401:
                    self.send_header("WWW-Authenticate", f'Cargo login_url="{registry.url}/me"')
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if body:
                    self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:  # quiet: the test reads `requests`
                pass

        return Handler


def consumer(destination: Path, registry: Registry, source: Path = CONSUMER, *, lockfile: bool = True,
             provider: bool = False) -> Path:
    """A copy of the consumer crate with the registry's .cargo/config.toml, and (unless
    `lockfile=False`) a Cargo.lock that the host's cargo resolved against the running registry
    with the host's token, in a throwaway CARGO_HOME. The lockfile names the registry by URL,
    port included (`source = "sparse+http://127.0.0.1:<port>/index/"`), so it is made per run
    rather than kept in the repository; its checksum line is the same every run (`pack` is
    deterministic). `provider=True` also writes `credential-provider = "cargo:token"`."""
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns("target", "Cargo.lock"))
    (destination / ".cargo").mkdir(exist_ok=True)
    (destination / ".cargo" / "config.toml").write_text(registry.cargo_config(provider=provider))
    if lockfile:
        with tempfile.TemporaryDirectory(prefix="cargo-home-") as home:
            subprocess.run(["cargo", "generate-lockfile"], cwd=destination,
                           env=registry.env(base={**os.environ, "CARGO_HOME": home}),
                           check=True, capture_output=True, text=True, timeout=120)
    return destination


def find_secret(client: Path | str, image: str, secret: str) -> list[str]:
    """Where `secret` occurs in `image`, as the given docker client sees it: in any file (or file
    name) of any layer, or any other member (config, manifest) of `docker save`'s archive,
    gzipped members opened; in `docker history --no-trunc`; in `docker image inspect`.
    Empty when it occurs nowhere. Streams: a builder image of a GB is fine."""
    needle = secret.encode()
    found: list[str] = []

    def contains(stream: "io.BufferedIOBase | tarfile.ExFileObject") -> bool:
        tail = b""
        while chunk := stream.read(1 << 20):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle):]
        return False

    def search_tar(name: str, fileobj) -> None:  # type: ignore[no-untyped-def]
        with tarfile.open(fileobj=fileobj, mode="r|*") as archive:  # any compression, streamed
            for member in archive:
                if needle in member.name.encode() or needle in member.linkname.encode():
                    found.append(f"{name}:{member.name} (its name)")
                if not member.isfile():
                    continue
                data = archive.extractfile(member)
                head = data.peek(512)[:512]  # type: ignore[union-attr]
                where = f"{name}:{member.name}"
                if len(head) > 262 and head[257:262] == b"ustar":  # a layer, a tarball
                    search_tar(where, data)
                elif head[:2] == b"\x1f\x8b":  # gzip: a compressed layer, a .crate, a changelog
                    raw = data.read()  # type: ignore[union-attr]
                    try:
                        unpacked = gzip.decompress(raw)
                    except (OSError, EOFError):
                        unpacked = raw
                    if len(unpacked) > 262 and unpacked[257:262] == b"ustar":
                        search_tar(where, io.BytesIO(unpacked))
                    elif needle in unpacked:
                        found.append(where)
                elif contains(data):  # type: ignore[arg-type]
                    found.append(where)

    with tempfile.TemporaryFile() as saved:
        subprocess.run([str(client), "save", image], stdout=saved, check=True, timeout=900)
        saved.seek(0)
        search_tar("docker save", saved)
    for what, args in (("docker history --no-trunc", ["history", "--no-trunc", image]),
                       ("docker image inspect", ["image", "inspect", image])):
        out = subprocess.run([str(client), *args], capture_output=True, check=True, timeout=120).stdout
        if needle in out:
            found.append(what)
    return found


@pytest.fixture(scope="session")
def private_registry() -> Iterator[Registry]:
    """The `acme` registry on 127.0.0.1 with acme-greeting 0.1.0 published, for the whole session.
    Tests that assert on `requests` call `clear()` first."""
    with Registry() as registry:
        registry.publish(CRATE)
        yield registry

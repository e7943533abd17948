"""Fetch the inputs: the suite's indexes from the machine's Debian mirror, and crates with cargo."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import tempfile
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterable
from email.utils import formatdate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/rustdock/debian, else /var/cache/rustdock/debian when writable, else ~/.cache."""
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "rustdock" / "debian"
    system = Path("/var/cache/rustdock")
    if os.access(system if system.exists() else system.parent, os.W_OK):
        return system / "debian"
    return Path.home() / ".cache" / "rustdock" / "debian"


def mirror_uri(suite: str) -> str:
    """The Debian mirror the machine's apt sources name for the suite (or for its own release)."""
    script = f'. "{ROOT}/scripts/apt-mirror.sh"; mirror_lines "$1"'
    lines = subprocess.run(["bash", "-c", script, "_", suite], capture_output=True, text=True, check=True).stdout
    if not lines.strip():
        raise SystemExit(f"natives-debian: no Debian mirror for {suite} in this machine's apt sources")
    return lines.split()[1].rstrip("/")


def download(url: str, path: Path) -> Path:
    """Fetch url into path unless the cached copy is as new as the mirror's (If-Modified-Since)."""
    request = urllib.request.Request(url)
    if path.exists():
        request.add_header("If-Modified-Since", formatdate(path.stat().st_mtime, usegmt=True))
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(path.suffix + ".part")
            partial.write_bytes(response.read())
            partial.replace(path)
            modified = response.headers.get("Last-Modified")
            if modified:
                stamp = datetime.datetime.strptime(modified, "%a, %d %b %Y %H:%M:%S %Z").timestamp()
                os.utime(path, (stamp, stamp))
    except urllib.error.HTTPError as error:
        if error.code != 304:
            raise
    return path


def fetch_indexes(suite: str) -> tuple[Path, Path]:
    """The suite's Packages.xz and Contents-amd64.gz (main), cached."""
    base = f"{mirror_uri(suite)}/dists/{suite}/main"
    folder = cache_dir() / suite
    return (download(f"{base}/binary-amd64/Packages.xz", folder / "Packages.xz"),
            download(f"{base}/Contents-amd64.gz", folder / "Contents-amd64.gz"))


def fetch_crate(crate: str, workdir: Path) -> Path | None:
    """Unpack the newest version of a crate with cargo: a throwaway project per crate (crates with
    the same `links` cannot share one dependency graph). Returns its source folder."""
    project = workdir / crate
    (project / "src").mkdir(parents=True)
    (project / "src" / "lib.rs").write_text("")
    (project / "Cargo.toml").write_text(
        f'[package]\nname = "natives-probe"\nversion = "0.0.0"\nedition = "2021"\n\n'
        f'[dependencies]\n"{crate}" = "*"\n')
    done = subprocess.run(["cargo", "fetch", "--quiet", "--target", "x86_64-unknown-linux-gnu"],
                          cwd=project, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        errors = [line for line in done.stderr.splitlines() if line.startswith("error")] or [done.stderr.strip()]
        print(f"natives-debian: {crate}: {errors[0]}", file=sys.stderr)
        return None
    lock = tomllib.loads((project / "Cargo.lock").read_text())
    version = next(p["version"] for p in lock["package"] if p["name"] == crate and "source" in p)
    cargo_home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    return next((cargo_home / "registry" / "src").glob(f"*/{crate}-{version}"), None)


def crate_sources(unpacked: str | None, crates: Iterable[str]) -> list[Path]:
    """Unpacked crate folders: those of `unpacked` (`<crate>-<version>/`), else the crates fetched with cargo."""
    if unpacked:
        return sorted(p for p in Path(unpacked).iterdir() if (p / "Cargo.toml").is_file())
    folders = []
    with tempfile.TemporaryDirectory(prefix="natives-debian-") as workdir:
        for crate in crates:
            folder = fetch_crate(crate, Path(workdir))
            if folder:
                folders.append(folder)
    return folders


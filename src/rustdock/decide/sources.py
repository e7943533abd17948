"""Private dependencies: alternate registries that take a token, and git over ssh.

Nothing secret may reach a layer. A registry's token comes in as a BuildKit secret, mounted for
the one command that fetches (cook, build, and the planner when there is no Cargo.lock) and
exported to cargo for that command alone; git over ssh goes through the build's ssh agent
socket, and the user's known_hosts comes in as a secret, so host keys are still checked. The
mount and variable forms are the ones Docker 20.10's built-in Dockerfile frontend understands
(its secret mounts have no `env=`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rustdock.decide.closure import Closure
from rustdock.errors import RustdockError
from rustdock.read.cargo import Project
from rustdock.read.readers import get_table
from rustdock.settings.config import Config

SECRETS_DIR = "/run/secrets"
KNOWN_HOSTS = ("known_hosts", "/root/.ssh/known_hosts")  # secret id, where ssh looks for it (the builder is root)
REGISTRY_NAME = re.compile(r"\A[A-Za-z0-9_-]{1,64}\Z")
SSH_URL = re.compile(r"\A(?:git\+)?ssh://")
GIT_OVER_SSH = ("git", "openssh-client")  # cargo fetches with the git command line, which runs ssh


@dataclass(frozen=True)
class SecretMount:
    id: str
    target: str | None = None  # None: /run/secrets/<id>


@dataclass(frozen=True)
class RegistryToken:
    registry: str  # Cargo's name for it, as in [registries.<name>]
    secret: str  # the BuildKit secret that carries the token
    variable: str  # what cargo reads it from
    reason: str


@dataclass(frozen=True)
class FetchAccess:
    """What the RUNs that fetch dependencies mount and set, beside their caches."""

    tokens: tuple[RegistryToken, ...]
    ssh: str | None  # why git needs the ssh agent; None: it does not
    secrets: tuple[SecretMount, ...]
    env: tuple[tuple[str, str], ...]  # NAME=value words before the cargo command; values are shell text
    packages: tuple[tuple[str, str], ...]  # (Debian package, reason) the builder needs for it

    @property
    def needed(self) -> bool:
        return bool(self.secrets or self.ssh)


def decide_access(project: Project, closure: Closure, config: Config, packages: list[str]) -> FetchAccess:
    """The tokens and ssh access the build of `packages` needs to fetch what it compiles."""
    registries = _registries(project)
    used: dict[str, str] = {}
    for crate in closure.crates:
        name = _registry_of(crate.source, registries)
        if name is not None:
            used.setdefault(name, f"{crate.name} ({' → '.join(crate.path)}) comes from it (Cargo.lock)")
    for member in (project.package(name) for name in packages):
        for dependency in member.dependencies:
            if dependency.registry is not None and dependency.kind != "dev":
                used.setdefault(dependency.registry, f"{member.name} depends on {dependency.package} from it")
    replaced = _replacement(project)
    if replaced in registries and any((c.source or "").startswith("registry+https://github.com/rust-lang/crates.io-index")
                                    for c in closure.crates):
        used.setdefault(replaced, "it replaces crates.io ([source.crates-io] replace-with)")
    tokens = []
    for name, reason in sorted(used.items()):
        if name in config.public_registries:
            continue
        if not REGISTRY_NAME.match(name):
            raise RustdockError(f"registry name {name!r}: rustdock needs letters, digits, `-` and `_`")
        if name not in registries:
            raise RustdockError(f"registry {name!r} is used ({reason}) but .cargo/config.toml has no "
                                f"[registries.{name}] with its index")
        variable = "CARGO_REGISTRIES_" + name.upper().replace("-", "_")
        tokens.append(RegistryToken(name, f"cargo-registries-{name.lower()}", f"{variable}_TOKEN", reason))

    ssh = next((f"{c.name} ({' → '.join(c.path)}) is fetched with git over ssh (Cargo.lock)"
                for c in closure.crates if SSH_URL.match(c.source or "")), None)
    for member in (project.package(name) for name in packages):
        for dependency in member.dependencies:
            if ssh is None and dependency.git is not None and SSH_URL.match(dependency.git):
                ssh = f"{member.name} depends on {dependency.package} from {dependency.git}"

    secrets = [SecretMount(t.secret) for t in tokens]
    env: list[tuple[str, str]] = []
    for token in tokens:
        # cargo 1.95 refuses a registry that requires a token unless a credential provider is set.
        env.append((token.variable.removesuffix("_TOKEN") + "_CREDENTIAL_PROVIDER", "cargo:token"))
        env.append((token.variable, f'"$(cat {SECRETS_DIR}/{token.secret})"'))
    extra: tuple[tuple[str, str], ...] = ()
    if ssh is not None:
        secrets.append(SecretMount(*KNOWN_HOSTS))
        env.append(("CARGO_NET_GIT_FETCH_WITH_CLI", "true"))
        extra = tuple((package, f"git over ssh: {ssh}") for package in GIT_OVER_SSH)
    return FetchAccess(tuple(tokens), ssh, tuple(secrets), tuple(env), extra)


def _registries(project: Project) -> dict[str, str]:
    """[registries.<name>] of .cargo/config.toml: each name and its index URL."""
    where = project.cargo_config_path or ".cargo/config.toml"
    found = {}
    for name, table in get_table(project.cargo_config, "registries", where).items():
        if not isinstance(table, dict):
            raise RustdockError(f"{where}: registries.{name} must be a table")
        if "token" in table:
            raise RustdockError(
                f"{where}: registries.{name}.token would be copied into the image (COPY . . and cargo-chef's "
                f"recipe both take .cargo/config.toml): remove it and pass the token as a BuildKit secret"
            )
        index = table.get("index")
        if isinstance(index, str):
            found[name] = index
    if "token" in get_table(project.cargo_config, "registry", where):
        raise RustdockError(f"{where}: registry.token would be copied into the image: pass it as a BuildKit secret")
    return found


def _registry_of(source: str | None, registries: dict[str, str]) -> str | None:
    """The configured registry a Cargo.lock source names (`sparse+<index>` or `registry+<index>`)."""
    if source is None:
        return None
    url = source.removeprefix("registry+").rstrip("/")
    return next((name for name, index in registries.items() if index.removeprefix("registry+").rstrip("/") == url),
                None)


def _replacement(project: Project) -> str | None:
    """The registry that replaces crates.io, when `[source.crates-io] replace-with` names one."""
    where = project.cargo_config_path or ".cargo/config.toml"
    crates_io = get_table(get_table(project.cargo_config, "source", where), "crates-io", f"{where}: source")
    target = crates_io.get("replace-with")
    return target if isinstance(target, str) else None

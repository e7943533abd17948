"""What holds a secret: variable names, credential files, and Cargo's token settings.

RD017 reads ARG and ENV names, the paths that COPY, ADD and RUN write, the build context's files and
its .cargo/config.toml against these tables. A name that says where a secret is rather than what it
is (`*_TOKEN_FILE`, `*_URL`) holds none, and neither does one BuildKit's own check lets pass (`public`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from rustdock.lint.model.words import parts

# Variable names, compared in upper case → what the variable holds (None: no secret). The first pattern
# that matches decides; a name that no pattern matches holds no secret.
SECRET_NAMES: tuple[tuple[str, str | None], ...] = (
    # where a secret is, not the secret: the Docker official images' `_FILE` convention (postgres, mysql,
    # mariadb: POSTGRES_PASSWORD_FILE names the file the password is read from), paths and addresses
    ("*_FILE", None),
    ("*_PATH", None),  # likewise a path
    ("*_DIR", None),  # likewise
    ("*_URL", None),  # an address: GitHub Actions' ACTIONS_ID_TOKEN_REQUEST_URL says where to ask for a token
    ("*_URI", None),  # likewise
    ("GOOGLE_APPLICATION_CREDENTIALS", None),  # Google Cloud, Application Default Credentials: a key file's path
    ("*PUBLIC*", None),  # BuildKit's SecretsUsedInArgOrEnv lets names with `public` pass: a public key is no secret
    ("CARGO_REGISTRY_TOKEN", "crates.io's token"),  # the Cargo book, Configuration: registry.token
    ("CARGO_REGISTRIES_*_TOKEN", "a Cargo registry token"),  # the Cargo book, Configuration: registries.<name>.token
    ("*_TOKEN", "a token"),  # BuildKit's SecretsUsedInArgOrEnv (`token`): GITHUB_TOKEN, GH_TOKEN, NPM_TOKEN
    ("TOKEN", "a token"),  # likewise
    ("*_SECRET", "a secret"),  # BuildKit's check (`secret`): CLIENT_SECRET, JWT_SECRET
    ("SECRET", "a secret"),  # likewise
    ("*_SECRET_KEY", "a secret key"),  # likewise: DJANGO_SECRET_KEY
    ("*_SECRET_ACCESS_KEY", "a secret key"),  # the AWS CLI's environment variables: AWS_SECRET_ACCESS_KEY
    ("*_API_KEY", "an API key"),  # BuildKit's check (`apikey`, `key`): OPENAI_API_KEY
    ("*_APIKEY", "an API key"),  # likewise
    ("API_KEY", "an API key"),  # likewise
    ("*_PRIVATE_KEY", "a private key"),  # likewise (`key`): SSH_PRIVATE_KEY
    ("*_PASSWORD", "a password"),  # BuildKit's check (`password`): POSTGRES_PASSWORD, DATABASE_PASSWORD
    ("PASSWORD", "a password"),  # likewise
    ("*_PASSWD", "a password"),  # BuildKit's check (`passwd`)
    ("*_CREDENTIALS", "credentials"),  # BuildKit's check (`credentials`)
)


# Values that are credentials by their shape: the issuers' documented token formats, matched against the
# whole value. RD017 reports an ENV whose value matches as an error; any other literal value of a secret's
# name is a default (`ENV APP_PASSWORD=app`), a warning as in BuildKit's SecretsUsedInArgOrEnv check.
CREDENTIAL_VALUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # GitHub docs, "About authentication to GitHub", GitHub's token formats: ghp_, gho_, ghu_, ghs_, ghr_, github_pat_
    ("a GitHub token", re.compile(r"\A(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\Z")),
    ("a GitLab token", re.compile(r"\Agl(pat|dt|ptt|rt)-[A-Za-z0-9_-]{20,}\Z")),  # GitLab docs, "Token prefixes"
    ("a crates.io token", re.compile(r"\Acio[A-Za-z0-9]{32}\Z")),  # crates.io API tokens: `cio` and 32 alphanumerics
    ("an npm token", re.compile(r"\Anpm_[A-Za-z0-9]{36}\Z")),  # npm docs, "About access tokens": the npm_ prefix
    ("an AWS access key", re.compile(r"\A(AKIA|ASIA)[A-Z0-9]{16}\Z")),  # AWS IAM docs, "IAM identifiers": key IDs
    ("a Slack token", re.compile(r"\Axox[abposr]-[A-Za-z0-9-]{10,}\Z")),  # Slack API docs, "Token types"
    ("a Stripe key", re.compile(r"\A[rs]k_live_[A-Za-z0-9]{20,}\Z")),  # Stripe docs, "API keys": live secret keys
    ("an OpenAI key", re.compile(r"\Ask-[A-Za-z0-9_-]{20,}\Z")),  # OpenAI API reference, "Authentication": sk- keys
    # RFC 7519: a JWT's header and claims are base64url JSON objects, which start `eyJ` (`{"`)
    ("a JSON Web Token", re.compile(r"\AeyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\Z")),
    ("a private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),  # RFC 7468, "Textual Encoding of PKCS #8"
    # gitleaks' generic-api-key rule: a long value mixing upper and lower case and digits (it also weighs entropy)
    ("a random-looking value", re.compile(r"\A(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9])[A-Za-z0-9+/=_.-]{20,}\Z")),
)


@dataclass(frozen=True)
class CredentialFile:
    """A file that holds a credential, and how one RUN gets it without any layer holding it."""

    pattern: str  # the last components of its path, as tools name it: `.docker/config.json`, `id_rsa`
    what: str  # what it holds, for messages
    mount: str  # the RUN option that hands it to that RUN
    build: str  # the `docker build` option that supplies it
    holds: re.Pattern[str] | None = None  # None: always a credential; else only when its text matches
    folder: bool = False  # a folder of them: only a COPY source that names it counts, not a path written into


CARGO_MOUNT = "--mount=type=secret,id=cargo-credentials,target=/usr/local/cargo/credentials.toml"
CARGO_BUILD = "--secret id=cargo-credentials,src=$HOME/.cargo/credentials.toml"
SSH_MOUNT, SSH_BUILD = "--mount=type=ssh", "--ssh default"  # BuildKit's ssh agent forwarding: no key in the build
CREDENTIAL_FILES: tuple[CredentialFile, ...] = (
    # the Cargo book, Configuration, "Credentials": `cargo login` saves tokens in $CARGO_HOME/credentials.toml
    CredentialFile(".cargo/credentials.toml", "Cargo registry tokens", CARGO_MOUNT, CARGO_BUILD),
    # the same section: `credentials` without the extension, the older name, is read too
    CredentialFile(".cargo/credentials", "Cargo registry tokens", CARGO_MOUNT, CARGO_BUILD),
    # netrc(5), curl(1) --netrc: machine, login and password, for curl and git over https
    CredentialFile(".netrc", "logins and passwords", "--mount=type=secret,id=netrc,target=/root/.netrc",
                   "--secret id=netrc,src=$HOME/.netrc"),
    # git-credential-store(1): usernames and passwords or tokens, unencrypted
    CredentialFile(".git-credentials", "git credentials",
                   "--mount=type=secret,id=git-credentials,target=/root/.git-credentials",
                   "--secret id=git-credentials,src=$HOME/.git-credentials"),
    # ssh-keygen(1), FILES: the private keys (their `.pub` halves are no secret)
    CredentialFile("id_rsa", "an SSH private key", SSH_MOUNT, SSH_BUILD),
    CredentialFile("id_ecdsa", "an SSH private key", SSH_MOUNT, SSH_BUILD),
    CredentialFile("id_ecdsa_sk", "an SSH private key", SSH_MOUNT, SSH_BUILD),
    CredentialFile("id_ed25519", "an SSH private key", SSH_MOUNT, SSH_BUILD),
    CredentialFile("id_ed25519_sk", "an SSH private key", SSH_MOUNT, SSH_BUILD),
    CredentialFile("id_dsa", "an SSH private key", SSH_MOUNT, SSH_BUILD),
    # ssh(1), FILES: ~/.ssh holds the user's private keys (a folder copied whole, seen by its name alone)
    CredentialFile(".ssh", "SSH keys", SSH_MOUNT, SSH_BUILD, folder=True),
    # npm docs, "config", Authentication settings: _authToken, _auth, _password for a registry
    CredentialFile(".npmrc", "npm tokens", "--mount=type=secret,id=npmrc,target=/root/.npmrc",
                   "--secret id=npmrc,src=$HOME/.npmrc", re.compile(r"_authToken|_auth\b|_password")),
    # Docker docs, `docker login`: base64 logins under "auths", unless a credential store keeps them
    CredentialFile(".docker/config.json", "registry logins",
                   "--mount=type=secret,id=docker-config,target=/root/.docker/config.json",
                   "--secret id=docker-config,src=$HOME/.docker/config.json",
                   re.compile(r'"(auth|identitytoken)"\s*:')),
    # PyPA specifications, "The .pypirc file": index logins with a password or token
    CredentialFile(".pypirc", "package index passwords", "--mount=type=secret,id=pypirc,target=/root/.pypirc",
                   "--secret id=pypirc,src=$HOME/.pypirc", re.compile(r"(?m)^\s*password\s*[=:]")),
)
CARGO_CREDENTIALS = CREDENTIAL_FILES[0]
CARGO_CREDENTIAL_NAMES = ("credentials.toml", "credentials")  # in $CARGO_HOME, which need not be called .cargo


@dataclass(frozen=True)
class ConfigToken:
    """A registry token written into a Cargo configuration file."""

    key: str  # `registries.acme.token`
    variable: str  # the environment variable cargo reads it from instead
    secret: str  # a BuildKit secret id for it


def secret_name(name: str) -> str | None:
    """What a variable of that name holds, if SECRET_NAMES calls it a secret."""
    upper = name.upper()
    return next((what for pattern, what in SECRET_NAMES if fnmatchcase(upper, pattern)), None)


def credential_value(value: str) -> str | None:
    """What a value is, if CREDENTIAL_VALUES says it has the shape of a real credential."""
    return next((what for what, shape in CREDENTIAL_VALUES if shape.search(value)), None)


def credential_file(path: str, cargo_home: str | None = None, *, folders: bool = False) -> CredentialFile | None:
    """The credential file a path names by its last components (a file in `cargo_home` named like Cargo's
    credentials too; with `folders`, a folder of them); None when it names none."""
    names = parts(path)
    if cargo_home and names[-1:] and names[-1] in CARGO_CREDENTIAL_NAMES and parts(cargo_home) == names[:-1]:
        return CARGO_CREDENTIALS
    for file in CREDENTIAL_FILES:
        if file.folder and not folders:
            continue
        pattern = parts(file.pattern)
        tail = names[-len(pattern):]
        if len(tail) == len(pattern) and all(fnmatchcase(n, p) for n, p in zip(tail, pattern)):
            return file
    return None


def config_tokens(config: Mapping[str, Any] | None) -> list[ConfigToken]:
    """The tokens a Cargo configuration holds: `registry.token` (crates.io) and `registries.<name>.token`
    (the Cargo book, Configuration; the variables from its "Environment variables" for each key)."""
    found = []
    registry = config.get("registry") if isinstance(config, Mapping) else None
    if isinstance(registry, Mapping) and "token" in registry:
        found.append(ConfigToken("registry.token", "CARGO_REGISTRY_TOKEN", "crates-io"))
    registries = config.get("registries") if isinstance(config, Mapping) else None
    for name, table in registries.items() if isinstance(registries, Mapping) else ():
        if isinstance(table, Mapping) and "token" in table:
            variable = f"CARGO_REGISTRIES_{name.upper().replace('-', '_')}_TOKEN"
            found.append(ConfigToken(f"registries.{name}.token", variable, name))
    return found

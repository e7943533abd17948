"""A crate from a private registry: zero config beyond the registry's index in .cargo/config.toml.

rustdock mounts the token as a BuildKit secret on the RUNs that fetch; the build passes with
`--secret`, fails without it, and the token is nowhere in any image — not in a layer, the history
or the config — on every engine (the mount form is the one Docker 20.10's frontend understands).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rustdock.commands import actions

from dockerengine import Engine, offline
from registry import Registry, consumer, find_secret, private_registry  # noqa: F401  (fixture)

SECRET = "cargo-registries-acme"
pytestmark = pytest.mark.every_engine


def test_a_private_dependency_builds_with_its_token_and_leaves_no_trace(
    engine: Engine, private_registry: Registry, tmp_path: Path  # noqa: F811
) -> None:
    root = consumer(tmp_path / "uses-private", private_registry)
    actions.init(root)
    offline(root)
    actions.generate(root)
    assert f"--mount=type=secret,id={SECRET},required=true" in (root / "Dockerfile").read_text()

    missing = engine.build(root, label=f"private: {engine.name}, no secret", check=False, extra=("--no-cache",))
    assert missing.returncode != 0 and f"secret {SECRET}" in missing.log and "not found" in missing.log

    private_registry.add_token("wrong")
    wrong = private_registry.token_file(tmp_path / "wrong-token", "wrong")
    private_registry.tokens.pop("wrong")  # the registry no longer accepts it
    rejected = engine.build(root, label=f"private: {engine.name}, a wrong token", check=False,
                            extra=("--no-cache", "--secret", f"id={SECRET},src={wrong}"))
    assert rejected.returncode != 0 and "token rejected for `acme`" in rejected.log

    token = private_registry.add_token(engine.name)
    secret = ("--secret", f"id={SECRET},src={private_registry.token_file(tmp_path / 'token', engine.name)}")
    private_registry.clear()
    image = engine.build(root, label=f"private: {engine.name}, with the secret", extra=secret).image
    assert engine.run(image, "--version").splitlines() == ["uses-private 0.1.0", "hello from the acme registry"]
    assert private_registry.downloads(who=engine.name), "cook fetched the crate with this engine's token"
    assert private_registry.served_without_token() == []

    for stage in ("cook", "builder", None):
        built = image if stage is None else engine.build(root, stage, label=f"private: {engine.name}, {stage}",
                                                        extra=secret).image
        assert find_secret(engine.client, built, token) == [], stage

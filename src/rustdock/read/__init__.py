"""Read: a Rust project as Cargo sees it, into frozen dataclasses, and nothing decided yet.

cargo.py reads the workspace and its packages (targets.py their binaries, dependencies.py their
dependency tables, lockfile.py Cargo.lock, toolchain.py the toolchain file and .cargo/config.toml),
registry_index.py Cargo's registry index cache; readers.py turns every unreadable file into one
RustdockError naming it. May import: rustdock.errors and the knowledge layer.
"""

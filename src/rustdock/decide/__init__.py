"""Decide: every choice about the Dockerfile, made in code once, into one immutable BuildPlan.

plan.py makes the plan and holds the choices the other modules make, each with its reason:
binaries.py which binaries get an image, and each image's stage; closure.py which crates the
build compiles (features.py Cargo's feature rules); system.py the packages, environment and files
around the build (native_crates.py from the facts, linked.py how the runtime gets what the
binaries link); rust.py the toolchain; sources.py private registries and git; platforms.py the
per-platform stages; caches.py the cache mounts. May import: rustdock.errors, the knowledge, read
and settings layers; never the linter, never Jinja.
"""

"""Knowledge as data: facts about the world rustdock builds for, one entry a line, each with its source.

natives.py (with natives-debian.tsv, which scripts/natives-debian.py generates) says what native crates
need from the system, linkers.py which packages provide the linkers .cargo/config.toml names, images.py
what known base images hold, cfg.py what `rustc --print cfg` says for each target triple. Both the
planner and the linter consult them. May import: rustdock.errors only.
"""

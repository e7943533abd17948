"""Write: what a rendering would change on disk, and the change itself, all or nothing.

files.py turns a Rendering into file contents with their header, tells a stale file from a
hand-edited one and writes it; manifest.py writes init's config table into Cargo.toml, the one
place rustdock writes TOML; atomic.py replaces a file in one step, for both. May import
everything below it: rustdock.errors, the knowledge, read, settings, decide and format layers.
"""

"""natives-debian: the Debian packages a crate's build and binary need, from Debian's indexes and crates' files."""

# Two sources, both read per Debian suite (main, amd64); docs/native-deps/debian.md says what each gives:
# Debian's packaging of crates (each `librust-<crate>-dev` Depends on the system packages the crate builds with), and
# the crates of scripts/natives-crates.txt, whose manifests and build scripts name libraries that Contents resolves.
# Read -> decide -> format: fetch (mirror, cargo), debian_index, crate_source and crate_list (the list and its
# hints) feed derive (pure), which also formats the table; knowledge holds the facts the derivation needs.

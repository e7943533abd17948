"""rustdock: a correct, fast, multi-stage cargo-chef Dockerfile from Cargo.toml."""

__version__ = "0.1.0"

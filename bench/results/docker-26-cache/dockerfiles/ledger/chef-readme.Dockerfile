# Pattern: chef-readme (cargo-chef's README). chef / planner / builder / runtime: `cargo chef
# cook` in its own layer, then `COPY . .` and `cargo build --release --bin <bin>`; no cache
# mounts, no .dockerignore, runs as root.
# Written for rustdock's benchmark from the description in the facts brief; only image names adapted.
FROM lukemathwalker/cargo-chef:latest-rust-1.95-slim-bookworm AS chef
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /app/recipe.json recipe.json
# Build dependencies: the caching layer.
RUN cargo chef cook --release --recipe-path recipe.json
# Build the application.
COPY . .
RUN cargo build --release --bin ledger

FROM debian:bookworm-slim AS runtime
WORKDIR /app
COPY --from=builder /app/target/release/ledger /usr/local/bin
ENTRYPOINT ["/usr/local/bin/ledger"]

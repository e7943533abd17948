# Pattern: trap (the original report). chef / planner / builder / runtime; the build RUN has
# cache mounts on the registry and on target/, there is no cook step, and the runtime stage
# copies /app/target/release/<bin> -- which lives in the cache mount, not in the builder's
# snapshot. The context has no .dockerignore, as in the report (and no host-built target/).
# Written for rustdock's benchmark from the description in the facts brief; only image names adapted.
FROM lukemathwalker/cargo-chef:latest-rust-1.95-slim-bookworm AS chef
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /app/recipe.json recipe.json
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/app/target \
    cargo build --release --bin app

FROM debian:bookworm-slim AS runtime
COPY --from=builder /app/target/release/app /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]

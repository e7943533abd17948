# The original report's pattern, kept to prove the end-to-end test can fail: the build RUN has a
# target cache mount and the runtime stage copies /app/target/release/app. That path is in the
# cache mount, not in the builder's image, so the COPY reads whatever `COPY . .` put there: the
# host's own target/ when .dockerignore does not exclude it. `rustdock lint` flags this file.
FROM lukemathwalker/cargo-chef:latest-rust-1.95-slim-bookworm AS chef
WORKDIR /app

FROM chef AS builder
COPY . .
RUN --mount=type=cache,id=trap-registry,target=/usr/local/cargo/registry \
    --mount=type=cache,id=trap-target,target=/app/target \
    cargo build --release --locked --bin app

FROM debian:bookworm-slim AS runtime
COPY --from=builder /app/target/release/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

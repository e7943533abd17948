# expect: RD001@12
# The RUN that reads the binary is in a stage built FROM the one whose RUN mounted the cache:
# it starts from the same layers, without the mount. A relative path, from the inherited WORKDIR.
FROM rust:1.80 AS builder
WORKDIR /app
COPY . .
RUN --mount=type=cache,id=app-target,target=/app/target \
    --mount=type=cache,target=/usr/local/cargo/registry \
    cargo build --release --locked

FROM builder AS strip
RUN strip target/release/app && install -m 0755 target/release/app /usr/local/bin/app

FROM debian:bookworm-slim AS runtime
COPY --from=strip /usr/local/bin/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

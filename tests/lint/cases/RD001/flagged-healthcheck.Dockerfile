# expect: RD001@12
# The binary is copied out for ENTRYPOINT, but HEALTHCHECK still starts the one in the mount.
FROM rust:1.80 AS builder
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/app/target \
    cargo build --release --locked && cp target/release/app /usr/local/bin/app

FROM builder AS runtime
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]
HEALTHCHECK --interval=30s CMD ["/app/target/release/app", "--health"]

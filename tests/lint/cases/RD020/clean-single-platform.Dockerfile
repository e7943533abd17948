# expect: none
# One platform: nothing in the Dockerfile builds for another, so a target cache keyed by its path is fine.
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/app/target \
    cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

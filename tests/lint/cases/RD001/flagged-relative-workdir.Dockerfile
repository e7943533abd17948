# expect: RD001@10
# WORKDIR app (relative) makes the workdir /build/app, and target=target the mount /build/app/target.
FROM rust:1.80 AS builder
WORKDIR /build
WORKDIR app
COPY . .
RUN --mount=type=cache,target=target cargo build --release --locked

FROM debian:bookworm-slim
COPY --from=builder /build/app/target/release/app /usr/local/bin/app
USER 10001:10001

# expect: none
# --from names an image, not a stage: its files are not behind this build's mounts.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/src/target cargo build --release --locked \
 && cp target/release/app /usr/local/bin/

FROM debian:bookworm-slim
COPY --from=ghcr.io/acme/builder:1 /src/target/release/app /usr/local/bin/app
USER 10001:10001

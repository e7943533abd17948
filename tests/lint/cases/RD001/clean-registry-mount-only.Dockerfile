# expect: none
# Only the registry is a cache mount: target/ is in the layer and COPY --from finds it.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry cargo build --release --locked

FROM debian:bookworm-slim
COPY --from=builder /src/target/release/app /usr/local/bin/app
USER 10001:10001

# expect: RD017@4 RD017@7
# A build argument handed to `cargo login`, which saves it in $CARGO_HOME/credentials.toml.
FROM rust:1.85-slim-bookworm AS builder
ARG CARGO_REGISTRY_TOKEN
WORKDIR /app
COPY . .
RUN cargo login "$CARGO_REGISTRY_TOKEN" \
 && cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

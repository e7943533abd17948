# expect: none
# Different images, the same Rust.
FROM lukemathwalker/cargo-chef:latest-rust-1.80-slim-bookworm AS cook
WORKDIR /app
COPY recipe.json recipe.json
RUN cargo chef cook --release --recipe-path recipe.json

FROM rust:1.80-slim-bookworm AS builder
WORKDIR /app
COPY . .
COPY --from=cook /app/target target
RUN cargo build --release \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim AS runtime
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

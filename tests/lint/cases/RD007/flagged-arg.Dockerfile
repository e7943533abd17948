# expect: RD007@9
# The version comes from a global ARG.
ARG RUST_VERSION=1.79
FROM rust:${RUST_VERSION} AS cook
WORKDIR /app
COPY recipe.json recipe.json
RUN cargo chef cook --release --recipe-path recipe.json

FROM rust:1.80 AS builder
WORKDIR /app
COPY . .
COPY --from=cook /app/target target
RUN cargo build --release \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim AS runtime
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

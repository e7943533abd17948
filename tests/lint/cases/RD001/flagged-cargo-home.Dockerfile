# expect: RD001@13
# The old cargo-chef layout with a registry cache mount: $CARGO_HOME copied without its registry.
FROM rust:1.80 AS cacher
WORKDIR /app
RUN cargo install cargo-chef --locked
COPY recipe.json recipe.json
RUN --mount=type=cache,target=$CARGO_HOME/registry cargo chef cook --release --recipe-path recipe.json

FROM rust:1.80 AS builder
WORKDIR /app
COPY . .
COPY --from=cacher /app/target target
COPY --from=cacher $CARGO_HOME $CARGO_HOME
RUN cargo build --release \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim AS runtime
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

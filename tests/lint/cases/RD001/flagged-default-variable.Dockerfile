# expect: RD001@10
# ${VAR:-default} with VAR declared but not given a value.
FROM rust:1.80 AS builder
ARG BUILD_DIR
WORKDIR ${BUILD_DIR:-/src}
COPY . .
RUN --mount=type=cache,target=${BUILD_DIR:-/src}/target cargo build --release --locked

FROM debian:bookworm-slim
COPY --from=builder /src/target/release/app /usr/local/bin/app
USER 10001:10001

# expect: RD001@15
# ${VAR} paths: ARG and ENV, in the mount and in the COPY.
ARG APP_DIR=/app
FROM lukemathwalker/cargo-chef:latest-rust-1.80 AS chef
ARG APP_DIR
ENV TARGET_DIR=${APP_DIR}/target
WORKDIR $APP_DIR

FROM chef AS builder
COPY . .
RUN --mount=type=cache,target=${TARGET_DIR} cargo build --release --locked

FROM debian:bookworm-slim AS runtime
ARG APP_DIR=/app
COPY --from=builder ${APP_DIR}/target/release/app /usr/local/bin/app
USER 10001:10001

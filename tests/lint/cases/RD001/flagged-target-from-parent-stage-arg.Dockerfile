# expect: RD001@14
# APP_DIR is declared in `base` and reaches `builder`, which is built FROM it: the cache mount covers
# /srv/app/target, where the build leaves the binary that the runtime stage copies.
FROM rust:1.85-slim-bookworm AS base
ARG APP_DIR=/srv/app
WORKDIR ${APP_DIR}

FROM base AS builder
COPY . .
RUN --mount=type=cache,target=${APP_DIR}/target \
    cargo build --release --locked

FROM debian:bookworm-slim
COPY --from=builder /srv/app/target/release/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

# expect: none
# BIN_DIR has no value the linter can know: it stays silent rather than guess.
FROM rust:1.80 AS builder
ARG BIN_DIR
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/src/target cargo build --release --locked \
 && cp target/release/app ${BIN_DIR}/

FROM debian:bookworm-slim
ARG BIN_DIR
COPY --from=builder ${BIN_DIR}/app /usr/local/bin/app
USER 10001:10001

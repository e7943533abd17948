# expect: RD001@9
# A bind mount from= a stage reads its snapshot just like COPY --from.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/src/target cargo build --release --locked

FROM debian:bookworm-slim
RUN --mount=type=bind,from=builder,source=/src/target/release,target=/mnt \
    install /mnt/app /usr/local/bin/app
USER 10001:10001

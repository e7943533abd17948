# expect: RD001@9 RD010@11
# The triple comes from a backquoted command: the later RUN's path is unknowable below /src/target, but
# it lies under the cache mount all the same, and the message quotes the command whole.
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/src/target,sharing=locked \
    cargo build --release --locked --target `rustup target list --installed | head -n1`
RUN cp /src/target/`rustup target list --installed | head -n1`/release/app /src/app

FROM debian:bookworm-slim
COPY --from=builder /src/app /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]

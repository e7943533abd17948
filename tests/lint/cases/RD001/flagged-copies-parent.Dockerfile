# expect: RD001@9
# Copying /src copies a tree whose target/ is a cache mount: the copy lacks the build output.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/src/target cargo build --release --locked

FROM debian:bookworm-slim
COPY --from=builder /src /srv
USER 10001:10001
CMD ["/srv/target/release/app"]

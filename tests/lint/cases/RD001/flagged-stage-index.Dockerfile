# expect: RD001@9
# --from=0 names the first stage by index.
FROM rust:1.80
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/src/target cargo build --release --locked

FROM debian:bookworm-slim
COPY --from=0 /src/target/release/app /usr/local/bin/app
USER 10001:10001

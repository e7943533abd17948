# expect: RD001@8
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/src/target cargo build --release --locked

FROM debian:bookworm-slim
COPY --from=builder /src/target/*/app /usr/local/bin/
USER 10001:10001

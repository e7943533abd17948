# expect: RD001@8
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN --mount=type=tmpfs,target=/src/target cargo build --release --locked

FROM debian:bookworm-slim
COPY --from=builder /src/target/release/app /usr/local/bin/app
USER 10001:10001

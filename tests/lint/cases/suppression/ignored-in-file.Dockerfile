# expect: none
# rustdock-lint: ignore-file=RD001,RD010
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/src/target cargo build --release --locked

FROM debian:bookworm-slim
COPY --from=builder /src/target/release/app /usr/local/bin/app

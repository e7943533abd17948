# expect: RD009@5
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/src/target cargo build --release --locked \
 && mv target/release/app /usr/local/bin/app

FROM debian:bookworm-slim
COPY --from=builder /usr/local/bin/app /usr/local/bin/app
USER 10001:10001

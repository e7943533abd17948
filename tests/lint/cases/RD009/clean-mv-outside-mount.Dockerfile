# expect: none
# Moving a file that is not in the mount is fine.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/src/target cargo build --release --locked \
 && cp target/release/app /tmp/app && mv /tmp/app /usr/local/bin/app

FROM debian:bookworm-slim
COPY --from=builder /usr/local/bin/app /usr/local/bin/app
USER 10001:10001

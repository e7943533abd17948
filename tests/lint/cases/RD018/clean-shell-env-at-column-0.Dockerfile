# expect: none
# A continued shell script may start a line with the `env` command: only upper-case ENV reads as a
# swallowed instruction.
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
COPY . .
RUN set -eux; \
env | sort; \
cargo build --release --locked; \
mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

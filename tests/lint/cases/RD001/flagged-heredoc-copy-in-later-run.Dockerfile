# expect: RD001@9
# Heredoc RUNs: the second script copies from the target dir the first one had mounted.
FROM rust:1.80 AS builder
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/app/target <<EOT
cargo build --release --locked
EOT
RUN <<EOT
set -e
mkdir -p /out
cp target/release/app /out/
EOT

FROM debian:bookworm-slim AS runtime
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

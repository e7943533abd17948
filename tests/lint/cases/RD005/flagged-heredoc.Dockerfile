# expect: RD005@19
# Heredoc RUNs: the build script names a feature the cook script did not.
FROM lukemathwalker/cargo-chef:latest-rust-1.80 AS chef
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS cook
COPY --from=planner /app/recipe.json recipe.json
RUN <<EOT
set -eu
cargo chef cook --release --locked --recipe-path recipe.json
EOT

FROM cook AS builder
COPY . .
RUN <<EOT
set -eu
cargo build --release --locked --features otel
mkdir -p /out
cp target/release/app /out/
EOT

FROM debian:bookworm-slim AS runtime
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

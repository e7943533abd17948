# expect: RD004@14 RD005@14
# The else branch cooks for the host and builds for aarch64: the then branch's aarch64 cook never ran
# on that path, so it cannot stand in for the cook the else branch lacks.
FROM lukemathwalker/cargo-chef:latest-rust-1.80 AS chef
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /app/recipe.json recipe.json
COPY . .
RUN if [ "$(uname -m)" = "aarch64" ]; then \
        cargo chef cook --release --target aarch64-unknown-linux-gnu --recipe-path recipe.json \
        && cargo build --release --target aarch64-unknown-linux-gnu; \
    else \
        cargo chef cook --release --recipe-path recipe.json \
        && cargo build --release --target aarch64-unknown-linux-gnu; \
    fi \
 && mkdir -p /out && cp target/aarch64-unknown-linux-gnu/release/app /out/

FROM debian:bookworm-slim AS runtime
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

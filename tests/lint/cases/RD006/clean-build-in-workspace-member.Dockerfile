# expect: none
# The build runs in a workspace member's directory, below the one cook ran in: cargo finds the workspace
# root above it and builds into the root's target dir, /app/target, where the cooked dependencies are.
FROM lukemathwalker/cargo-chef:latest-rust-1.85 AS chef
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /app/recipe.json recipe.json
RUN cargo chef cook --release --locked --recipe-path recipe.json
COPY . .
WORKDIR /app/services/worker
RUN cargo build --release --locked --bin worker \
 && mkdir -p /out && cp /app/target/release/worker /out/

FROM debian:bookworm-slim
COPY --from=builder /out/worker /usr/local/bin/worker
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/worker"]

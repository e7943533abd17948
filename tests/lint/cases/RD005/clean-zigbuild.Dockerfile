# expect: none
# cargo-zigbuild: `cook --zigbuild` runs the same `cargo zigbuild` as the build, for the same glibc target.
FROM lukemathwalker/cargo-chef:latest-rust-1.80 AS chef
RUN apt-get update && apt-get install -y --no-install-recommends python3-pip \
 && pip3 install --break-system-packages ziglang \
 && cargo install cargo-zigbuild --locked
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS cook
COPY --from=planner /app/recipe.json recipe.json
RUN cargo chef cook --release --zigbuild --target x86_64-unknown-linux-gnu.2.17 --recipe-path recipe.json

FROM cook AS builder
COPY . .
RUN cargo zigbuild --release --target x86_64-unknown-linux-gnu.2.17 \
 && mkdir -p /out && cp target/x86_64-unknown-linux-gnu/release/app /out/

FROM debian:bookworm-slim AS runtime
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

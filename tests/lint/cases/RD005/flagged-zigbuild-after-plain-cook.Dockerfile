# expect: RD005@18
# cook runs `cargo build`, the build `cargo zigbuild`: another linker for build scripts and a glibc
# target cook never compiled for.
FROM lukemathwalker/cargo-chef:latest-rust-1.80 AS chef
RUN cargo install cargo-zigbuild --locked
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS cook
COPY --from=planner /app/recipe.json recipe.json
RUN cargo chef cook --release --recipe-path recipe.json

FROM cook AS builder
COPY . .
RUN cargo zigbuild --release --target x86_64-unknown-linux-gnu.2.17 \
 && mkdir -p /out && cp target/x86_64-unknown-linux-gnu/release/app /out/

FROM debian:bookworm-slim AS runtime
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

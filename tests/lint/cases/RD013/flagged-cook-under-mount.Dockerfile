# expect: RD013@12
# cook compiles into the mount: the cook layer holds nothing.
FROM lukemathwalker/cargo-chef:latest-rust-1.80 AS chef
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS cook
COPY --from=planner /app/recipe.json recipe.json
RUN --mount=type=cache,target=/app/target cargo chef cook --release --recipe-path recipe.json

FROM cook AS builder
COPY . .
RUN --mount=type=cache,target=/app/target cargo build --release \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim AS runtime
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

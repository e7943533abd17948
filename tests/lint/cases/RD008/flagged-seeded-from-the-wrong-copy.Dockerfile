# expect: RD008@18
# cook copies its cache into the layer, but the build seeds its target cache from elsewhere.
FROM lukemathwalker/cargo-chef:latest-rust-1.80 AS chef
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS cook
COPY --from=planner /app/recipe.json recipe.json
RUN --mount=type=cache,id=app-cook-target,target=/app/target \
    cargo chef cook --release --recipe-path recipe.json \
 && mkdir -p /deps && cp -a /app/target /deps/target

FROM cook AS builder
COPY . .
RUN --mount=type=cache,target=/app/target,from=cook,source=/app/src cargo build --release \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim AS runtime
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

# expect: RD013@12
# The copy of the cook cache lands in another cache mount (/tmp): still not in the layer.
FROM lukemathwalker/cargo-chef:latest-rust-1.80 AS chef
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS cook
COPY --from=planner /app/recipe.json recipe.json
RUN --mount=type=cache,id=app-cook-target,target=/app/target --mount=type=cache,target=/tmp \
    cargo chef cook --release --recipe-path recipe.json \
 && mkdir -p /deps && cp -a /app/target /tmp/cooked

FROM cook AS builder
COPY . .
RUN --mount=type=cache,target=/app/target,from=cook,source=/deps/target cargo build --release \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim AS runtime
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

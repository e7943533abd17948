# expect: none
# The same cook with `ARG TARGETPLATFORM` declared in its stage: the id names each platform.
FROM --platform=$BUILDPLATFORM lukemathwalker/cargo-chef:latest-rust-1.85 AS chef
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS cook
COPY --from=planner /app/recipe.json recipe.json
ARG TARGETPLATFORM
RUN --mount=type=cache,id=cook-target-$TARGETPLATFORM,target=/app/target,sharing=locked \
    cargo chef cook --release --locked --recipe-path recipe.json \
 && mkdir -p /deps && cp -a /app/target /deps/target

FROM cook AS builder
COPY . .
RUN cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

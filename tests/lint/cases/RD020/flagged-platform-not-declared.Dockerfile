# expect: RD020@13
# The id names $TARGETPLATFORM, but the stage does not declare `ARG TARGETPLATFORM`: in a RUN it expands
# to nothing, and every platform's cook (emulated: the FROM names no build platform) shares `cook-target-`.
FROM lukemathwalker/cargo-chef:latest-rust-1.85 AS chef
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS cook
COPY --from=planner /app/recipe.json recipe.json
RUN --mount=type=cache,id=cook-target-$TARGETPLATFORM,target=/app/target,sharing=locked \
    cargo chef cook --release --locked --recipe-path recipe.json \
 && mkdir -p /deps && cp -a /app/target /deps/target

FROM cook AS builder
COPY . .
RUN cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
ARG TARGETARCH
ADD --chmod=755 https://github.com/krallin/tini/releases/download/v0.19.0/tini-static-${TARGETARCH} /usr/local/bin/tini
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/tini", "--", "/usr/local/bin/app"]

# expect: none
# rustdock's layout: build packages in `chef` through apt cache mounts; the runtime installs
# its packages the same way; OPENSSL_STATIC makes openssl-sys link libssl.a, so no libssl3 is needed.
FROM lukemathwalker/cargo-chef:latest-rust-1.95-slim-bookworm AS chef
WORKDIR /app
RUN --mount=type=cache,id=apt-cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,id=apt-lists,target=/var/lib/apt,sharing=locked \
    rm -f /etc/apt/apt.conf.d/docker-clean \
 && apt-get update \
 && apt-get install -y --no-install-recommends clang libssl-dev lld pkg-config

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS cook
COPY --from=planner /app/recipe.json recipe.json
RUN --mount=type=cache,id=cargo-registry,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,id=app-cook-target,target=/app/target,sharing=locked \
    cargo chef cook --recipe-path recipe.json --release --locked \
 && mkdir -p /deps \
 && cp -a /app/target /deps/target

FROM cook AS builder
ENV OPENSSL_STATIC=1
COPY . .
RUN --mount=type=cache,id=app-target,target=/app/target,sharing=locked,from=cook,source=/deps/target \
    cargo build --release --locked \
 && mkdir -p /out \
 && cp target/release/app /out/

FROM debian:bookworm-slim AS runtime
RUN --mount=type=cache,id=apt-cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,id=apt-lists,target=/var/lib/apt,sharing=locked \
    rm -f /etc/apt/apt.conf.d/docker-clean \
 && apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tini
USER 10001:10001

FROM runtime AS app
COPY --from=builder /out/app /usr/local/bin/app
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/app"]

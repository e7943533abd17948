# expect: none
# The cook is behind the words large projects put in front of it: assignments whose values hold command
# substitutions and `${...:+...}` parts, and an optional `env` that a build argument switches on.
FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.4.0 AS xx

FROM --platform=$BUILDPLATFORM lukemathwalker/cargo-chef:latest-rust-1.85 AS chef
COPY --from=xx / /
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
ARG TARGETPLATFORM
ARG PROFILE=release
ARG FEATURES
ARG LINKER=mold
ARG JEMALLOC_PAGE
RUN xx-apt-get install -y gcc libc6-dev pkg-config
COPY --from=planner /app/recipe.json recipe.json
RUN PKG_CONFIG="/usr/bin/$(xx-info)-pkg-config" \
    PATH="$PATH:/opt/mold/bin" \
    RUSTFLAGS="${LINKER:+-C link-arg=-fuse-ld=}$LINKER $RUSTFLAGS" \
    ${JEMALLOC_PAGE:+env JEMALLOC_SYS_WITH_LG_PAGE="${JEMALLOC_PAGE}"} \
    xx-cargo chef cook --profile $PROFILE ${FEATURES:+--features} $FEATURES --locked --recipe-path recipe.json
COPY . .
RUN PKG_CONFIG="/usr/bin/$(xx-info)-pkg-config" \
    PATH="$PATH:/opt/mold/bin" \
    RUSTFLAGS="${LINKER:+-C link-arg=-fuse-ld=}$LINKER $RUSTFLAGS" \
    ${JEMALLOC_PAGE:+env JEMALLOC_SYS_WITH_LG_PAGE="${JEMALLOC_PAGE}"} \
    xx-cargo build --profile $PROFILE ${FEATURES:+--features} $FEATURES --locked \
 && mkdir -p /out && cp "target/$(xx-cargo --print-target-triple)/$PROFILE/app" /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

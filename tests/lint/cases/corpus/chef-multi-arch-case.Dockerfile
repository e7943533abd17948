# expect: none
# One Dockerfile for two architectures: a `case` picks the musl triple into a file that cook and build
# read alike; BuildKit's TARGETARCH comes from --platform.
FROM --platform=$BUILDPLATFORM lukemathwalker/cargo-chef:latest-rust-1.80 AS chef
WORKDIR /app
ARG TARGETARCH
RUN case "$TARGETARCH" in \
      amd64) echo x86_64-unknown-linux-musl > /rust-target ;; \
      arm64) echo aarch64-unknown-linux-musl > /rust-target ;; \
      *) echo "unsupported: $TARGETARCH" >&2; exit 1 ;; \
    esac \
 && rustup target add "$(cat /rust-target)"

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS cook
COPY --from=planner /app/recipe.json recipe.json
RUN cargo chef cook --release --locked --target "$(cat /rust-target)" --recipe-path recipe.json

FROM cook AS builder
COPY . .
RUN cargo build --release --locked --target "$(cat /rust-target)" \
 && mkdir -p /out && cp "target/$(cat /rust-target)/release/app" /out/

FROM scratch
COPY --from=builder /out/app /app
USER 65534:65534
ENTRYPOINT ["/app"]

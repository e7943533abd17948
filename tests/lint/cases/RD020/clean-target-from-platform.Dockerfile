# expect: none
# Cross-compiled on the build platform with a --target that a `case` over TARGETARCH picks: each platform's
# artifacts land under target/<triple>/, so one target cache for all of them holds no collision.
FROM --platform=$BUILDPLATFORM rust:1.85-slim-bookworm AS builder
ARG TARGETARCH
RUN case "$TARGETARCH" in \
      arm64) echo aarch64-unknown-linux-gnu > /rust-target ;; \
      amd64) echo x86_64-unknown-linux-gnu > /rust-target ;; \
      *) echo "unsupported: $TARGETARCH" >&2; exit 1 ;; \
    esac \
 && rustup target add "$(cat /rust-target)" \
 && apt-get update && apt-get install -y --no-install-recommends gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
 && rm -rf /var/lib/apt/lists/*
ENV CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/app/target \
    cargo build --release --locked --target "$(cat /rust-target)" \
 && mkdir -p /out && cp "target/$(cat /rust-target)/release/app" /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

# expect: none
# Cooks in the branches of one RUN, builds in the branches of a later one: which branch ran is not
# known, so each build pairs with the cook that matches it.
FROM lukemathwalker/cargo-chef:latest-rust-1.80 AS chef
WORKDIR /app
ARG TARGETARCH

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS cook
COPY --from=planner /app/recipe.json recipe.json
RUN if [ "$TARGETARCH" = "arm64" ]; then \
        cargo chef cook --release --target aarch64-unknown-linux-musl --recipe-path recipe.json; \
    else \
        cargo chef cook --release --target x86_64-unknown-linux-musl --recipe-path recipe.json; \
    fi

FROM cook AS builder
COPY . .
RUN if [ "$TARGETARCH" = "arm64" ]; then \
        cargo build --release --target aarch64-unknown-linux-musl; \
    else \
        cargo build --release --target x86_64-unknown-linux-musl; \
    fi \
 && mkdir -p /out && cp target/*-unknown-linux-musl/release/app /out/

FROM scratch AS runtime
COPY --from=builder /out/app /app
USER 10001:10001
ENTRYPOINT ["/app"]

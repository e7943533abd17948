# expect: none
# The id names a variable set from TARGETARCH, in a stage built FROM the one that declared it.
FROM rust:1.85-slim-bookworm AS base
ARG TARGETARCH
ENV CACHE_ARCH=${TARGETARCH}
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && curl -fsSLo /usr/local/bin/tini "https://github.com/krallin/tini/releases/download/v0.19.0/tini-static-${TARGETARCH}" \
 && chmod +x /usr/local/bin/tini \
 && rm -rf /var/lib/apt/lists/*

FROM base AS builder
WORKDIR /app
COPY . .
RUN --mount=type=cache,id=app-target-${CACHE_ARCH},target=/app/target,sharing=locked \
    cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /usr/local/bin/tini /usr/local/bin/tini
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/tini", "--", "/usr/local/bin/app"]

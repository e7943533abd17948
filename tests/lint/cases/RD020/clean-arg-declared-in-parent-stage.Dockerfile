# expect: none
# `release` is built FROM `builder`, which declares `ARG TARGETPLATFORM`: BuildKit passes a stage's ARGs
# to the stages built FROM it, so the id names each platform there too.
FROM rust:1.85-slim-bookworm AS builder
ARG TARGETPLATFORM
ARG TARGETARCH
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && curl -fsSLo /usr/local/bin/tini "https://github.com/krallin/tini/releases/download/v0.19.0/tini-static-${TARGETARCH}" \
 && chmod +x /usr/local/bin/tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .

FROM builder AS release
RUN --mount=type=cache,id=app-target-${TARGETPLATFORM},target=/app/target,sharing=locked \
    cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=release /usr/local/bin/tini /usr/local/bin/tini
COPY --from=release /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/tini", "--", "/usr/local/bin/app"]

# expect: none
# TARGETARCH only picks the runtime's download. The stage with the target cache runs on the build
# platform and declares no target platform argument: BuildKit builds it once, for every platform alike.
FROM --platform=$BUILDPLATFORM rust:1.85-slim-bookworm AS codegen
WORKDIR /tools
COPY tools/ .
RUN --mount=type=cache,target=/tools/target \
    cargo build --release --locked \
 && mkdir -p /out && cp target/release/schema-gen /out/

FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
COPY --from=codegen /out/schema-gen /usr/local/bin/schema-gen
COPY . .
RUN schema-gen schema/ src/generated/ && cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
ARG TARGETARCH
ADD --chmod=755 https://github.com/krallin/tini/releases/download/v0.19.0/tini-static-${TARGETARCH} /usr/local/bin/tini
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/tini", "--", "/usr/local/bin/app"]

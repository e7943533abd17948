# expect: none
# Cross-compiled on the build platform for each target platform: the target cache has no id, so every
# platform's build mounts the same /app/target, but xx-cargo writes each platform's artifacts under
# target/<triple>/, and what lands in target/release (build scripts, proc macros) is the same for all.
FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.4.0 AS xx

FROM --platform=$BUILDPLATFORM rust:1.85-alpine AS builder
COPY --from=xx / /
WORKDIR /app
ARG TARGETPLATFORM
RUN --mount=type=cache,target=/app/target \
    --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=bind,target=.,rw \
    xx-cargo build --release --locked \
 && cp "target/$(xx-cargo --print-target-triple)/release/app" /usr/local/bin/app

FROM alpine:3.20
COPY --from=builder /usr/local/bin/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

# expect: none
# The same build with the platform in the target cache's id: one target dir per platform. The
# registry cache stays shared: what it holds is the same for every platform.
FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.4.0 AS xx

FROM --platform=$BUILDPLATFORM rust:1.85-alpine AS builder
COPY --from=xx / /
WORKDIR /app
ARG TARGETPLATFORM
RUN --mount=type=cache,id=app-target-$TARGETPLATFORM,target=/app/target \
    --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=bind,target=.,rw \
    xx-cargo build --release --locked \
 && cp "target/$(xx-cargo --print-target-triple)/release/app" /usr/local/bin/app

FROM alpine:3.20
COPY --from=builder /usr/local/bin/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

# expect: none
# Cross-compiled with tonistiigi/xx on the build platform, the sources bind-mounted, the target dir
# and registry in cache mounts keyed by platform, the binary copied out of the mount in the same RUN.
ARG RUST_VERSION=1.80
ARG BIN=api

FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.4.0 AS xx

FROM --platform=$BUILDPLATFORM rust:${RUST_VERSION}-alpine AS build
ARG BIN
WORKDIR /work
COPY --from=xx / /
RUN apk add --no-cache clang lld musl-dev git file
ARG TARGETPLATFORM
RUN xx-apk add --no-cache musl-dev gcc
RUN --mount=type=bind,source=src,target=src \
    --mount=type=bind,source=Cargo.toml,target=Cargo.toml \
    --mount=type=bind,source=Cargo.lock,target=Cargo.lock \
    --mount=type=cache,id=target-${BIN}-${TARGETPLATFORM},target=/work/target \
    --mount=type=cache,target=/usr/local/cargo/registry \
    xx-cargo build --locked --release \
 && cp "target/$(xx-cargo --print-target-triple)/release/${BIN}" /usr/local/bin/service \
 && xx-verify /usr/local/bin/service

FROM alpine:3.20 AS final
RUN addgroup -S svc && adduser -S -G svc -H -s /sbin/nologin svc
USER svc
COPY --from=build /usr/local/bin/service /usr/local/bin/
EXPOSE 8080
CMD ["/usr/local/bin/service"]

# expect: none
# A cross build with tonistiigi/xx: the builder runs on the build platform, xx-cargo adds
# --target for TARGETPLATFORM to the cook and the build alike, so they agree.
ARG RUST_VERSION=1.80
FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.4.0 AS xx

FROM --platform=$BUILDPLATFORM rust:${RUST_VERSION}-alpine AS chef
COPY --from=xx / /
RUN apk add --no-cache clang lld musl-dev git file \
 && cargo install cargo-chef --locked
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS cook
ARG TARGETPLATFORM
RUN xx-apk add --no-cache musl-dev gcc
COPY --from=planner /app/recipe.json recipe.json
RUN xx-cargo chef cook --release --locked --recipe-path recipe.json

FROM cook AS builder
COPY . .
RUN xx-cargo build --release --locked \
 && cp "target/$(xx-cargo --print-target-triple)/release/app" /bin/server \
 && xx-verify /bin/server

FROM alpine:3.20 AS runtime
ARG UID=10001
RUN adduser --disabled-password --gecos "" --home /nonexistent --shell /sbin/nologin --no-create-home --uid "${UID}" appuser
USER appuser
COPY --from=builder /bin/server /bin/
ENTRYPOINT ["/bin/server"]

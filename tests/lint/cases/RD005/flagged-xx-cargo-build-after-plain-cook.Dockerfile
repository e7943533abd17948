# expect: RD005@24
# cook runs plain cargo (the build platform's triple, in target/release); xx-cargo builds with
# --target for TARGETPLATFORM (in target/<triple>/release): none of the cooked dependencies is used.
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
COPY --from=planner /app/recipe.json recipe.json
RUN cargo chef cook --release --locked --recipe-path recipe.json

FROM cook AS builder
ARG TARGETPLATFORM
COPY . .
RUN xx-cargo build --release --locked \
 && cp "target/$(xx-cargo --print-target-triple)/release/app" /bin/server

FROM alpine:3.20 AS runtime
COPY --from=builder /bin/server /bin/
USER 10001:10001
ENTRYPOINT ["/bin/server"]

# expect: RD006@21
# xx-cargo cooks in /app and builds in /src: the build looks for the cooked dependencies in /src/target.
FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.4.0 AS xx

FROM --platform=$BUILDPLATFORM lukemathwalker/cargo-chef:latest-rust-1.80 AS chef
COPY --from=xx / /

FROM chef AS planner
WORKDIR /app
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS cook
WORKDIR /app
COPY --from=planner /app/recipe.json recipe.json
RUN xx-cargo chef cook --release --recipe-path recipe.json

FROM cook AS builder
WORKDIR /src
COPY . .
RUN xx-cargo build --release \
 && cp "target/$(xx-cargo --print-target-triple)/release/app" /usr/local/bin/app

FROM debian:bookworm-slim AS runtime
COPY --from=builder /usr/local/bin/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

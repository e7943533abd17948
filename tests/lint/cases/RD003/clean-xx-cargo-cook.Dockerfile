# expect: none
# The recipe is cooked by xx-cargo, which runs `cargo chef cook` with the target platform's --target.
FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.4.0 AS xx

FROM --platform=$BUILDPLATFORM lukemathwalker/cargo-chef:latest-rust-1.80 AS chef
COPY --from=xx / /
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
ARG TARGETPLATFORM
RUN xx-apt-get install -y gcc libc6-dev
COPY --from=planner /app/recipe.json recipe.json
RUN xx-cargo chef cook --release --recipe-path recipe.json
COPY . .
RUN xx-cargo build --release \
 && cp "target/$(xx-cargo --print-target-triple)/release/app" /usr/local/bin/app

FROM debian:bookworm-slim AS runtime
COPY --from=builder /usr/local/bin/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

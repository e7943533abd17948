# expect: RD010@9:info
# The runtime image is an ARG without a default, given at build time: who it runs as cannot be told.
ARG RUNTIME_IMAGE
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM ${RUNTIME_IMAGE} AS runtime
COPY --from=builder /src/target/release/app /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]

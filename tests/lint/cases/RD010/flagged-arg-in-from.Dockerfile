# expect: RD010@9:warning
# The runtime image comes from an ARG with a default: it expands to debian, which runs as root.
ARG RUNTIME_IMAGE=debian:bookworm-slim
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM ${RUNTIME_IMAGE} AS runtime
COPY --from=builder /src/target/release/app /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]

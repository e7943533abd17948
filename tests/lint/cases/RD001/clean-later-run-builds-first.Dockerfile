# expect: none
# The later RUN builds again without the mount before it copies: that build writes target/ into
# the layer, and the copy reads what it wrote.
FROM rust:1.80 AS builder
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/app/target cargo check --locked
RUN cargo build --release --locked && cp target/release/app /usr/local/bin/app

FROM debian:bookworm-slim AS runtime
COPY --from=builder /usr/local/bin/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

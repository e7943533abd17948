# expect: RD001@8
# The build writes into the cache mount; the next RUN, without the mount, copies from the layer,
# where /app/target holds nothing of it.
FROM rust:1.80 AS builder
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/app/target cargo build --release --locked
RUN cp /app/target/release/app /usr/local/bin/app

FROM debian:bookworm-slim AS runtime
COPY --from=builder /usr/local/bin/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

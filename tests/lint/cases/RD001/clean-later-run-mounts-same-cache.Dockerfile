# expect: none
# The later RUN mounts the same cache again, so it reads what the build wrote.
FROM rust:1.80 AS builder
WORKDIR /app
COPY . .
RUN --mount=type=cache,id=app-target,target=/app/target cargo build --release --locked
RUN --mount=type=cache,id=app-target,target=/app/target \
    cp /app/target/release/app /usr/local/bin/app

FROM debian:bookworm-slim AS runtime
COPY --from=builder /usr/local/bin/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

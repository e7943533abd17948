# expect: none
# The export stage holds /app, and that is what the runtime stage reads.
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
COPY . .
RUN cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM scratch AS binary
COPY --from=builder /out/app /app

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=binary /app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

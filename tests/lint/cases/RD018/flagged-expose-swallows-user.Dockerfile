# expect: RD018@11 RD010
# Not only RUN: EXPOSE takes `USER 10001:10001` as two more ports, and the image runs as root.
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
COPY . .
RUN cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
EXPOSE 8080 \
USER 10001:10001
COPY --from=builder /out/app /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]

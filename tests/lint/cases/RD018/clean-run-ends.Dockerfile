# expect: none
# The same RUN, ended: FROM starts the runtime stage.
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
COPY . .
RUN cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

# expect: RD017@11:error
# A literal with the shape of an AWS access key id (AWS's own documentation example): a real credential,
# not a default.
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
COPY . .
RUN cargo build --release --locked && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
ENV AWS_ACCESS_KEY_ID_TOKEN=AKIAIOSFODNN7EXAMPLE
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

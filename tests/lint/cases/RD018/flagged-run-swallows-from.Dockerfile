# expect: RD018@10
# The build RUN ends with a `\`: BuildKit skips the blank line and runs `FROM debian:bookworm-slim` as
# part of the shell command, so the runtime stage never exists and the image is the builder.
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
COPY . .
RUN cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/ \

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

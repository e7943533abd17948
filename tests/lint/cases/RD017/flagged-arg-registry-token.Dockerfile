# expect: RD017@4
# The registry token as a build argument: `docker history` shows the value every RUN was built with.
FROM rust:1.85-slim-bookworm AS builder
ARG CARGO_REGISTRIES_ACME_TOKEN
WORKDIR /app
COPY . .
RUN cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

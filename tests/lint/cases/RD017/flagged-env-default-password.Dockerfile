# expect: RD017@11:warning
# A development default under a secret's name: the image config carries it, which BuildKit's own
# SecretsUsedInArgOrEnv check reports as a warning. Not a leaked credential: no build argument feeds it,
# and it has the shape of no issuer's token.
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
COPY . .
RUN cargo build --release --locked && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
ENV APP_USER=app APP_PASSWORD=app
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

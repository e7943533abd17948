# expect: none
# The same token as a BuildKit secret, read into cargo's variable for the one RUN that fetches:
# `docker build --secret id=acme,env=CARGO_REGISTRIES_ACME_TOKEN .`
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
COPY . .
RUN --mount=type=secret,id=acme \
    CARGO_REGISTRIES_ACME_TOKEN="$(cat /run/secrets/acme)" \
    cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

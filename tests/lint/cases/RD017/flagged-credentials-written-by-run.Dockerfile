# expect: RD017@7
# The token comes in as a secret, but the RUN writes it into $CARGO_HOME/credentials.toml, which stays
# in the layer.
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
COPY . .
RUN --mount=type=secret,id=acme \
    printf '[registries.acme]\ntoken = "%s"\n' "$(cat /run/secrets/acme)" > "$CARGO_HOME/credentials.toml" \
 && cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

# expect: none
# The same file, deleted before the RUN ends: the layer never holds it.
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
COPY . .
RUN --mount=type=secret,id=acme \
    printf '[registries.acme]\ntoken = "%s"\n' "$(cat /run/secrets/acme)" > "$CARGO_HOME/credentials.toml" \
 && cargo build --release --locked \
 && rm "$CARGO_HOME/credentials.toml" \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

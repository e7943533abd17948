# expect: none
# The host's credentials.toml mounted where cargo reads it, for this RUN only:
# `docker build --secret id=cargo-credentials,src=$HOME/.cargo/credentials.toml .`
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
COPY . .
RUN --mount=type=secret,id=cargo-credentials,target=/usr/local/cargo/credentials.toml \
    cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

# expect: none
# The same .netrc as a secret mounted where git looks for it: `docker build --secret id=netrc,src=$HOME/.netrc .`
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
ENV CARGO_NET_GIT_FETCH_WITH_CLI=true
COPY . .
RUN --mount=type=secret,id=netrc,target=/root/.netrc \
    cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

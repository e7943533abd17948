# expect: none
# The build's ssh agent instead of the key (`docker build --ssh default .`); known_hosts is no secret.
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
ENV CARGO_NET_GIT_FETCH_WITH_CLI=true
COPY known_hosts /root/.ssh/known_hosts
COPY . .
RUN --mount=type=ssh \
    cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

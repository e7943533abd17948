# expect: RD017@6
# A .netrc for git dependencies over https, copied into the builder's layer.
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
ENV CARGO_NET_GIT_FETCH_WITH_CLI=true
COPY .netrc /root/.netrc
COPY . .
RUN cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

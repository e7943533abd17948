# expect: RD017@7
# An SSH key for git dependencies, copied in next to known_hosts.
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
ENV CARGO_NET_GIT_FETCH_WITH_CLI=true
COPY known_hosts /root/.ssh/known_hosts
COPY deploy-key /root/.ssh/id_ed25519
COPY . .
RUN cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

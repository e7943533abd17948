# expect: none
# A heredoc's lines are its text, not continued lines: the Dockerfile written here starts with FROM.
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
COPY . .
RUN cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/
COPY <<EOF /out/Dockerfile.debug
FROM debian:bookworm-slim
COPY app /usr/local/bin/app
EOF

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

# expect: RD017@5
# A GitHub token for git dependencies, kept in the image config of every image built FROM this stage.
FROM rust:1.85-slim-bookworm AS builder
ARG GITHUB_TOKEN_URL=https://github.example.com/token
ENV CARGO_NET_GIT_FETCH_WITH_CLI=true GITHUB_TOKEN=ghp-example-not-a-token
WORKDIR /app
COPY . .
RUN cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

# expect: none
# Names that say where a secret is, not what it is: a file, a URL, a key file's path; and a variable
# set to nothing, which clears it.
FROM rust:1.85-slim-bookworm AS builder
ARG GITHUB_TOKEN_URL=https://github.example.com/token
ENV CARGO_NET_GIT_FETCH_WITH_CLI=true GITHUB_TOKEN_FILE=/run/secrets/github GITHUB_TOKEN=""
ENV GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/gcp.json VAULT_TOKEN=/run/secrets/vault
WORKDIR /app
COPY . .
RUN cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

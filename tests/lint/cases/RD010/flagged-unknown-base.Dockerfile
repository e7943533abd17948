# expect: RD010@8:info
# A base image the linter does not know, and no USER: it may set a non-root user itself, or not.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM ghcr.io/acme/rust-runtime:2024.06
COPY --from=builder /src/target/release/app /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]

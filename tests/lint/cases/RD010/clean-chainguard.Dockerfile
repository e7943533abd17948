# expect: none
# Chainguard images run as their nonroot user.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM cgr.dev/chainguard/glibc-dynamic
COPY --from=builder /src/target/release/app /app
ENTRYPOINT ["/app"]

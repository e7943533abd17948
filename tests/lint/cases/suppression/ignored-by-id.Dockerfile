# expect: none
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN cargo build --release --locked

# rustdock-lint: ignore=RD010
FROM debian:bookworm-slim AS runtime
COPY --from=builder /src/target/release/app /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]

# expect: RD010@9
# Ignoring one rule leaves the others.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN cargo build --release --locked

# rustdock-lint: ignore=RD001
FROM debian:bookworm-slim AS runtime
COPY --from=builder /src/target/release/app /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]

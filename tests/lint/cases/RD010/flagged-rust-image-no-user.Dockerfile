# expect: RD010@8:warning
# The official rust image sets no USER: the final stage runs as root.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM rust:1.80-slim AS runtime
COPY --from=builder /src/target/release/app /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]

# expect: RD010@10
# A suppression only covers the instruction right below its comment block.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN cargo build --release --locked

# rustdock-lint: ignore=RD010

FROM debian:bookworm-slim AS runtime
COPY --from=builder /src/target/release/app /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]

# expect: RD010@9:warning
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM debian:bookworm-slim AS runtime
COPY --from=builder /src/target/release/app /usr/local/bin/app
USER root
ENTRYPOINT ["/usr/local/bin/app"]

# expect: none
# USER in the stage the final one is built FROM.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM debian:bookworm-slim AS runtime
COPY --from=builder /src/target/release/app /usr/local/bin/app
USER 10001:10001

FROM runtime AS app
ENTRYPOINT ["/usr/local/bin/app"]

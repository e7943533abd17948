# expect: RD014@9
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN cargo build --release --locked --target x86_64-unknown-linux-musl

FROM scratch
COPY --from=builder /src/target/x86_64-unknown-linux-musl/release/app /app
USER 10001:app
ENTRYPOINT ["/app"]

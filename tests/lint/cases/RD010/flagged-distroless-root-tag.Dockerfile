# expect: RD010@8:warning
# distroless without a nonroot tag runs as root.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM gcr.io/distroless/cc-debian12:latest
COPY --from=builder /src/target/release/app /app
ENTRYPOINT ["/app"]

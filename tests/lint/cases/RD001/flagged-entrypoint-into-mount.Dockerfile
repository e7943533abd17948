# expect: RD001@7 RD010@3:warning
# A single-stage image that starts the binary where the build left it: in the cache mount.
FROM rust:1.80
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/app/target cargo build --release --locked
ENTRYPOINT ["/app/target/release/app"]

# expect: RD010@8:warning
# FROM scratch with an ENTRYPOINT: no image config sets a user, the process runs as uid 0.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM scratch
COPY --from=builder /src/target/release/app /app
ENTRYPOINT ["/app"]

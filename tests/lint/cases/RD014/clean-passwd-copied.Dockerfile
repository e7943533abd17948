# expect: none
# /etc/passwd and /etc/group come from the builder.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN useradd --uid 10001 app
RUN cargo build --release --locked --target x86_64-unknown-linux-musl

FROM scratch
COPY --from=builder /src/target/x86_64-unknown-linux-musl/release/app /app
COPY --from=builder /etc/passwd /etc/group /etc/
USER app
ENTRYPOINT ["/app"]

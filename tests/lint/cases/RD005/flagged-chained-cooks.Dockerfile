# expect: RD005@18
# Two cooks chained in one RUN; the build matches neither. It differs from the first (line 13) in
# one thing and from the last in two: the message compares it with the first, the one meant for it.
FROM lukemathwalker/cargo-chef:latest-rust-1.80 AS chef
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS cook
COPY --from=planner /app/recipe.json recipe.json
RUN cargo chef cook --release --target x86_64-unknown-linux-musl --recipe-path recipe.json \
 && cargo chef cook --release --recipe-path recipe.json

FROM cook AS builder
COPY . .
RUN cargo build --release --target x86_64-unknown-linux-musl --features metrics \
 && mkdir -p /out && cp target/x86_64-unknown-linux-musl/release/app /out/

FROM scratch AS runtime
COPY --from=builder /out/app /app
USER 10001:10001
ENTRYPOINT ["/app"]

# expect: none
# A later RUN builds again without the mount: target/ is written into the layer.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/src/target cargo test --locked
RUN cargo build --release --locked

FROM debian:bookworm-slim
COPY --from=builder /src/target/release/app /usr/local/bin/app
USER 10001:10001

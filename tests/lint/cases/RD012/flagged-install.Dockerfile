# expect: RD012@3
FROM rust:1.80 AS tools
RUN cargo install cargo-chef

FROM debian:bookworm-slim
COPY --from=tools /usr/local/cargo/bin/ /usr/local/bin/
USER 10001:10001

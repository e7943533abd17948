# expect: none
FROM rust:1.80 AS tools
RUN cargo install cargo-chef --locked

FROM debian:bookworm-slim
COPY --from=tools /usr/local/cargo/bin/ /usr/local/bin/
USER 10001:10001

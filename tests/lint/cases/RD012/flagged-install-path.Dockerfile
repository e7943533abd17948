# expect: RD012@6
# --path without --locked ignores the project's Cargo.lock.
FROM rust:1.80 AS tools
WORKDIR /src
COPY . .
RUN cargo install --path .

FROM debian:bookworm-slim
COPY --from=tools /usr/local/cargo/bin/ /usr/local/bin/
USER 10001:10001

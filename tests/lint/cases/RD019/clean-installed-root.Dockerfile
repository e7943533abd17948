# expect: none
# The tools stage installs into /usr/local (its --root), and that is where the binary is read from;
# /usr/local/bin is a directory the rust image holds anyway.
FROM rust:1.85-slim-bookworm AS tools
WORKDIR /usr/src/tools
RUN cargo install --locked --root /usr/local cargo-auditable

FROM rust:1.85-slim-bookworm
WORKDIR /app
COPY --from=tools /usr/local/bin/cargo-auditable /usr/local/bin/cargo-auditable
COPY . .
RUN cargo auditable build --release --locked
USER 10001:10001

# expect: RD019@10
# The tools stage installs into /usr/local (its --root), yet the runtime reads its WORKDIR, which the
# Dockerfile made and nothing wrote into.
FROM rust:1.85-slim-bookworm AS tools
WORKDIR /usr/src/tools
RUN cargo install --locked --root /usr/local cargo-auditable

FROM rust:1.85-slim-bookworm
WORKDIR /app
COPY --from=tools /usr/src/tools/bin/cargo-auditable /usr/local/bin/cargo-auditable
COPY . .
RUN cargo auditable build --release --locked
USER 10001:10001

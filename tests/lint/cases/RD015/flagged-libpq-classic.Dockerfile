# expect: RD015@12
# The classic single RUN: pq-sys links libpq.so.5, and debian:bookworm-slim has no libpq5.
FROM rust:1.85-slim-bookworm AS builder
RUN apt-get update \
 && apt-get install -y -qq --no-install-recommends libpq-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install --yes ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

# expect: none
# A base image rustdock does not know may hold libpq5: the linter does not guess.
FROM rust:1.85-slim-bookworm AS builder
RUN apt-get update \
 && apt-get install -y -qq --no-install-recommends libpq-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM registry.example.com/base/runtime:2024
RUN apt-get update \
 && apt-get install --yes ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

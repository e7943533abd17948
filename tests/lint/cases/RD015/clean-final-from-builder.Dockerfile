# expect: none
# The final image is built FROM the stage that installed libpq-dev, which depends on libpq5.
FROM rust:1.85-slim-bookworm AS builder
RUN apt-get update \
 && apt-get install -y -qq --no-install-recommends libpq-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked \
 && cp target/release/app /usr/local/bin/app

FROM builder
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

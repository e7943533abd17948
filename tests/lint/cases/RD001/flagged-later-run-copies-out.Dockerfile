# expect: RD001@9 RD010@11
# The later RUN reads the binary under the cache mount, which is not in its layer: that is the finding.
# What that `cp` writes to /src/target/app is in the layer (no mount there in that RUN), so the COPY
# below reads a path the RUN made, and is not reported a second time.
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/src/target,sharing=locked cargo build --release --locked
RUN cp /src/target/release/app /src/target/app

FROM debian:bookworm-slim
COPY --from=builder /src/target/app /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]

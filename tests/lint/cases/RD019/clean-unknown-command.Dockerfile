# expect: none
# A script builds and puts the binary somewhere: what it writes cannot be told, so /dist may be there.
FROM rust:1.85-slim-bookworm AS builder
WORKDIR /app
COPY . .
RUN ./scripts/build-release.sh

FROM debian:bookworm-slim
COPY --from=builder /dist/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

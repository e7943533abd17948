# expect: none
# rustup's musl target (the official rust:*-alpine image) links statically: nothing to install.
FROM rust:1.85-alpine3.20 AS builder
RUN apk add --no-cache musl-dev libpq-dev
WORKDIR /src
COPY . .
RUN cargo build --release --locked && mkdir -p /out && cp target/release/app /out/

FROM alpine:3.20
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

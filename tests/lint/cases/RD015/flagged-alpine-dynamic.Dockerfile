# expect: RD015@9
# Alpine's own rust package targets x86_64-alpine-linux-musl, which links dynamically.
FROM alpine:3.20 AS builder
RUN apk add --no-cache cargo libpq-dev
WORKDIR /src
COPY . .
RUN cargo build --release --locked && mkdir -p /out && cp target/release/app /out/

FROM alpine:3.20
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

# expect: none
# Alpine's own rust links dynamically, and the runtime installs libpq for it.
FROM alpine:3.20 AS builder
RUN apk add --no-cache cargo libpq-dev
WORKDIR /src
COPY . .
RUN cargo build --release --locked && mkdir -p /out && cp target/release/app /out/

FROM alpine:3.20
RUN apk add --no-cache libpq
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

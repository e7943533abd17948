# expect: none
# A stage that only names an image the linter does not know: it may hold anything anywhere.
FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.4.0 AS xx

FROM --platform=$BUILDPLATFORM rust:1.85-alpine AS builder
COPY --from=xx / /
COPY --from=xx /xx-tools/bin/ /usr/local/bin/
WORKDIR /app
COPY . .
RUN xx-cargo build --release --locked \
 && cp "target/$(xx-cargo --print-target-triple)/release/app" /usr/local/bin/app

FROM alpine:3.20
COPY --from=builder /usr/local/bin/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

# expect: none
# The same with the fix: the binary is copied to out/ (relative to /build/app), under no mount.
FROM rust:1.80 AS builder
WORKDIR /build
WORKDIR app
COPY . .
RUN --mount=type=cache,target=target cargo build --release --locked \
 && mkdir -p out && cp target/release/app out/

FROM debian:bookworm-slim
COPY --from=builder /build/app/out/app /usr/local/bin/app
USER 10001:10001

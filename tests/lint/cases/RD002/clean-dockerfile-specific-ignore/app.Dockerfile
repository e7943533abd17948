# expect: none
# BuildKit reads app.Dockerfile.dockerignore for app.Dockerfile, before .dockerignore.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001

# expect: RD001@12
# The mount is in `builder`; `packer` is built FROM it and still lacks the mount's files.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/src/target cargo build --release --locked

FROM builder AS packer
RUN strip --version

FROM debian:bookworm-slim
COPY --from=packer /src/target/release/app /usr/local/bin/app
USER 10001:10001

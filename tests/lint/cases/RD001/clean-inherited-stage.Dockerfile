# expect: none
# `packer` copies the binary out of the mount in the RUN that has it.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/src/target cargo build --release --locked \
 && cp target/release/app /usr/local/bin/app

FROM builder AS packer
RUN strip --version

FROM debian:bookworm-slim
COPY --from=packer /usr/local/bin/app /usr/local/bin/app
USER 10001:10001

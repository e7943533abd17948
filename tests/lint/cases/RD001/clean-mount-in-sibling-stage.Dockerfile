# expect: none
# The target mount is in `test`, a sibling of `builder`: builder's snapshot has target/.
FROM rust:1.80 AS base
WORKDIR /src
COPY . .

FROM base AS test
RUN --mount=type=cache,target=/src/target cargo test --locked

FROM base AS builder
RUN cargo build --release --locked

FROM debian:bookworm-slim
COPY --from=builder /src/target/release/app /usr/local/bin/app
USER 10001:10001

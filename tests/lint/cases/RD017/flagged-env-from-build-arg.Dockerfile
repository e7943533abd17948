# expect: RD017@13:error
# The value comes from a build argument declared in the stage this one is built FROM: whatever
# `--build-arg DEPLOY_PW=...` passes, the image config keeps.
FROM rust:1.85-slim-bookworm AS base
ARG DEPLOY_PW

FROM base AS builder
WORKDIR /app
COPY . .
RUN cargo build --release --locked && mkdir -p /out && cp target/release/app /out/

FROM builder AS runtime
ENV DATABASE_PASSWORD=${DEPLOY_PW}
USER 10001:10001
ENTRYPOINT ["/out/app"]

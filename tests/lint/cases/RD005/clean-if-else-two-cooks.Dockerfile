# expect: RD004@15
# One RUN cooks and builds in either branch of an if; each build follows its own branch's cook.
# (Cooking after `COPY . .` is RD004's matter.)
FROM lukemathwalker/cargo-chef:latest-rust-1.80 AS chef
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
ARG PROFILE=release
COPY --from=planner /app/recipe.json recipe.json
COPY . .
RUN if [ "$PROFILE" = "release" ]; then \
        cargo chef cook --release --recipe-path recipe.json \
        && cargo build --release --locked; \
    else \
        cargo chef cook --recipe-path recipe.json \
        && cargo build --locked; \
    fi \
 && mkdir -p /out && cp target/*/app /out/

FROM debian:bookworm-slim AS runtime
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

# expect: none
# Job count, colours and network settings between cook and build change nothing that is compiled.
FROM lukemathwalker/cargo-chef:latest-rust-1.80 AS chef
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS cook
COPY --from=planner /app/recipe.json recipe.json
RUN cargo chef cook --release --recipe-path recipe.json

FROM cook AS builder
ENV CARGO_BUILD_JOBS=4 CARGO_TERM_COLOR=always CARGO_NET_GIT_FETCH_WITH_CLI=true
COPY . .
RUN cargo build --release \
 && mkdir -p /out && cp target/release/app /out/

FROM debian:bookworm-slim AS runtime
COPY --from=builder /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]

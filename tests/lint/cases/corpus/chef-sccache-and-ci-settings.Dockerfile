# expect: none
# Settings CI adds around a cargo-chef build: sccache as rustc wrapper, sparse registry protocol,
# quiet colourless output, a job limit. None of them changes what cook compiled.
FROM lukemathwalker/cargo-chef:latest-rust-1.80-slim-bookworm AS chef
WORKDIR /app
ENV CARGO_REGISTRIES_CRATES_IO_PROTOCOL=sparse CARGO_TERM_COLOR=never

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS cook
COPY --from=planner /app/recipe.json recipe.json
RUN cargo chef cook --release --locked --recipe-path recipe.json

FROM cook AS builder
RUN cargo install sccache --locked
ENV RUSTC_WRAPPER=sccache SCCACHE_DIR=/sccache CARGO_BUILD_JOBS=2
COPY . .
RUN --mount=type=cache,target=/sccache \
    cargo build --release --frozen -q \
 && mkdir -p /out && cp target/release/app /out/

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=builder /out/app /app
ENTRYPOINT ["/app"]

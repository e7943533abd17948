# Pattern: docker-init (what `docker init` writes for Rust). One build RUN with bind mounts of
# the sources, Cargo.toml and Cargo.lock, cache mounts on target/, the registry and the git db,
# `cp ./target/release/$APP_NAME /bin/server`; no dependency layer; non-root uid 10001.
# Written for rustdock's benchmark from the description in the facts brief. Adapted: image
# names; no `# syntax` line and no xx cross-compilation stage (no image registry here); the
# build script as an && chain (the engine's built-in frontend has no heredocs); for a
# workspace the members' directory is bind-mounted where docker init mounts src/.
ARG RUST_VERSION=1.95
ARG APP_NAME=ledger

FROM rust:${RUST_VERSION}-slim-bookworm AS build
ARG APP_NAME
WORKDIR /app
RUN --mount=type=bind,source=src,target=src \
    --mount=type=bind,source=Cargo.toml,target=Cargo.toml \
    --mount=type=bind,source=Cargo.lock,target=Cargo.lock \
    --mount=type=cache,target=/app/target/ \
    --mount=type=cache,target=/usr/local/cargo/git/db \
    --mount=type=cache,target=/usr/local/cargo/registry/ \
    cargo build --locked --release \
 && cp ./target/release/$APP_NAME /bin/server

FROM debian:bookworm-slim AS final
ARG UID=10001
RUN adduser \
    --disabled-password \
    --gecos "" \
    --home "/nonexistent" \
    --shell "/sbin/nologin" \
    --no-create-home \
    --uid "${UID}" \
    appuser
USER appuser
COPY --from=build /bin/server /bin/
EXPOSE 8000
CMD ["/bin/server"]

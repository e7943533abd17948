# expect: none
# The binary is copied out of the mount in the same RUN; everything that starts it uses the copy.
FROM rust:1.80
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/app/target \
    cargo build --release --locked && install -m 0755 target/release/app /usr/local/bin/app
USER 10001:10001
HEALTHCHECK CMD /usr/local/bin/app --health || exit 1
ENTRYPOINT ["tini", "--", "/usr/local/bin/app"]

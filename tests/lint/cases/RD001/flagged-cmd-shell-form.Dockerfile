# expect: RD001@9
# CMD in shell form, a relative path from the WORKDIR, started through tini's ENTRYPOINT.
FROM rust:1.80
WORKDIR /srv
COPY . .
RUN --mount=type=cache,target=/srv/target cargo build --release --locked
USER 10001:10001
ENTRYPOINT ["tini", "--"]
CMD ./target/release/app --port 8080

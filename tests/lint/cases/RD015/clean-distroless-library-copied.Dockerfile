# expect: none
# gcr.io/distroless/cc-debian12 lacks libsqlite3-0, so the library is copied in from the builder.
FROM rust:1.85 AS builder
RUN apt update && apt install -y libsqlite3-dev
WORKDIR /src
COPY . .
RUN cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

# Distroless has no package manager: the library has to be copied in.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=builder /usr/lib/x86_64-linux-gnu/libsqlite3.so.0 /usr/lib/x86_64-linux-gnu/
COPY --from=builder /out/app /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]

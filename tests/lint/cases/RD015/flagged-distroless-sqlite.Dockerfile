# expect: RD015@11
# gcr.io/distroless/cc-debian12 holds libc6, libssl3 and the C++ runtime, not libsqlite3-0.
FROM rust:1.85 AS builder
RUN apt update && apt install -y libsqlite3-dev
WORKDIR /src
COPY . .
RUN cargo build --release --locked \
 && mkdir -p /out && cp target/release/app /out/

# Distroless has no package manager: the library has to be copied in.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=builder /out/app /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]

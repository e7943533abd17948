# expect: none
# An export stage for `docker build -o`: nothing runs in it.
FROM rust:1.80 AS builder
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM scratch AS export
COPY --from=builder /src/target/release/app /

"""Crates that verify TLS peers with the operating system's CA certificates when the binary runs.

A runtime image needs the CA bundle only when such a crate is linked into a binary. rustls with
webpki-roots (reqwest's `rustls-tls`, sqlx's `tls-rustls-ring-webpki`, tonic's `tls-webpki-roots`)
carries its roots in the binary; a binary that makes no TLS connection needs none at all. The Rust
ecosystem reaches the system's store through few doors, and they are listed here: the crates
that look for it themselves, and the C libraries that do.
"""

from __future__ import annotations

SYSTEM_ROOTS = {
    # Rust crates: on Linux, rustls-platform-verifier and native-tls end in one of the two below.
    "rustls-native-certs": "loads the system's CA certificates (SSL_CERT_FILE, else /etc/ssl/certs)",
    "rustls-platform-verifier": "verifies with the system's CA certificates",
    "openssl-probe": "points OpenSSL at the system's CA certificates",
    "native-tls": "verifies with OpenSSL's default CA paths on Linux",
    # C libraries: their default verify paths, which only Debian's `openssl` package links to /etc/ssl/certs.
    "openssl-sys": "OpenSSL verifies with its default CA paths",
    "boring-sys": "BoringSSL verifies with its default CA paths",
    "s2n-tls-sys": "s2n-tls loads the system's trust store",
    "curl-sys": "libcurl verifies with the CA bundle it was built to find",
    "pq-sys": "libpq verifies servers with OpenSSL (sslrootcert=system)",
    "mysqlclient-sys": "the MySQL/MariaDB client library verifies servers with OpenSSL",
    "rdkafka-sys": "librdkafka probes for the system's CA certificates (ssl.ca.location=probe)",
    "grpcio-sys": "gRPC core reads the system's CA certificates",
}
# Crates that carry Mozilla's roots in the binary: named in `rustdock plan`'s note, they decide nothing.
EMBEDDED_ROOTS = ("webpki-roots", "webpki-root-certs")

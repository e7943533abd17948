//! native: links OpenSSL and libpq on every platform; it says which architecture it was built for
//! and which library versions it loaded, and hashes a string with OpenSSL.

fn main() {
    let digest = openssl::sha::sha256(b"rustdock");
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    // SAFETY: PQlibVersion takes nothing and returns an int.
    let libpq = unsafe { pq_sys::PQlibVersion() };
    println!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"));
    println!(
        "arch: {}, {}, sha256 {hex}, libpq {}.{}",
        std::env::consts::ARCH,
        openssl::version::version(),
        libpq / 10000,
        libpq % 10000
    );
}

//! diesel-postgres: a service whose database backend is a cargo feature, built for PostgreSQL.
//!
//! It prints the version of the libpq it loaded (through pq-sys, which diesel's postgres backend
//! links) and that a connection to a server that is not there fails the way libpq says.

use std::process::ExitCode;

use diesel::Connection;

#[cfg(feature = "postgres")]
fn proof() -> Option<String> {
    extern "C" {
        fn PQlibVersion() -> std::ffi::c_int; // libpq's own; pq-sys links the library
    }
    // SAFETY: PQlibVersion takes nothing and returns an int.
    let version = unsafe { PQlibVersion() };
    let refused = diesel::PgConnection::establish("postgres://nobody@127.0.0.1:1/none").is_err();
    Some(format!("libpq: {}.{}, connection refused: {refused}", version / 10000, version % 10000))
}

fn main() -> ExitCode {
    let Some(line) = proof() else {
        eprintln!("diesel-postgres: the native library did not answer");
        return ExitCode::FAILURE;
    };
    println!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"));
    println!("{line}");
    ExitCode::SUCCESS
}

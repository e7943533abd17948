//! tls-client: a service that links the system OpenSSL.
//!
//! reqwest's default features pull in native-tls and openssl-sys, so the build needs
//! pkg-config and the OpenSSL headers (libssl-dev) and the image needs libssl3 at run time.
//! The binary proves it by building a blocking `reqwest` client (which builds an OpenSSL TLS
//! connector) and printing the version of the OpenSSL library it loaded, and how many CA
//! certificates OpenSSL's default verify paths hold: a client that trusts nothing could not
//! reach any server. No network is used.

use std::process::ExitCode;

fn proof() -> Result<String, Box<dyn std::error::Error>> {
    let _client = reqwest::blocking::Client::builder().build()?;
    let openssl = openssl::version::version();
    Ok(format!("openssl: {openssl}, {} trusted certificates, reqwest client built", trusted_certificates()?))
}

/// What OpenSSL's default verify paths (SSL_CERT_FILE, else its own directory) load.
fn trusted_certificates() -> Result<usize, openssl::error::ErrorStack> {
    let mut store = openssl::x509::store::X509StoreBuilder::new()?;
    store.set_default_paths()?;
    Ok(store.build().all_certificates().len())
}

fn main() -> ExitCode {
    let name = env!("CARGO_PKG_NAME");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let line = match proof() {
        Ok(line) => line,
        Err(err) => {
            eprintln!("{name}: cannot build a reqwest client: {err}");
            return ExitCode::FAILURE;
        }
    };
    match args.as_slice() {
        [flag] if flag == "--version" => {
            println!("{name} {}", env!("CARGO_PKG_VERSION"));
            println!("{line}");
        }
        [] => println!("{name}: ok ({line})"),
        _ => {
            eprintln!("usage: {name} [--version]");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

//! file-types: an upload service's content sniffer, linking the system libmagic.
//!
//! It prints libmagic's version, loads the default magic database and names the type of a PNG
//! header: only a working library with its database can.

use std::ffi::CStr;
use std::process::ExitCode;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";

fn proof() -> Option<String> {
    // SAFETY: the cookie is checked, used for one buffer and closed.
    unsafe {
        let version = magic_sys::magic_version();
        let cookie = magic_sys::magic_open(magic_sys::MAGIC_MIME_TYPE);
        if cookie.is_null() || magic_sys::magic_load(cookie, std::ptr::null()) != 0 {
            return None;
        }
        let found = magic_sys::magic_buffer(cookie, PNG.as_ptr().cast(), PNG.len());
        let kind = (!found.is_null()).then(|| CStr::from_ptr(found).to_string_lossy().into_owned());
        magic_sys::magic_close(cookie);
        Some(format!("libmagic: {}.{:02}, a PNG header is {}", version / 100, version % 100, kind?))
    }
}

fn main() -> ExitCode {
    report(env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"), proof())
}

/// `--version` prints the name, the version and the proof line; exit 1 when the library failed.
fn report(name: &str, version: &str, proof: Option<String>) -> ExitCode {
    let Some(line) = proof else {
        eprintln!("{name}: the native library did not answer");
        return ExitCode::FAILURE;
    };
    println!("{name} {version}");
    println!("{line}");
    ExitCode::SUCCESS
}

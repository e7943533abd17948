//! dbus-version: a system-bus client, linking the system libdbus.
//!
//! It prints the version of the libdbus it loaded and builds (then frees) a method-call message,
//! which only a working library can do. No bus is contacted.

use std::ffi::{c_int, CString};
use std::process::ExitCode;

extern "C" {
    // In libdbus since 1.2 (dbus-misc.h); libdbus-sys links the library but does not declare it.
    fn dbus_get_version(major: *mut c_int, minor: *mut c_int, micro: *mut c_int);
}

fn proof() -> Option<String> {
    let (mut major, mut minor, mut micro) = (0, 0, 0);
    // SAFETY: dbus_get_version writes three ints.
    unsafe { dbus_get_version(&mut major, &mut minor, &mut micro) };
    let destination = CString::new("org.freedesktop.DBus").ok()?;
    let path = CString::new("/org/freedesktop/DBus").ok()?;
    let interface = CString::new("org.freedesktop.DBus.Peer").ok()?;
    let method = CString::new("Ping").ok()?;
    // SAFETY: valid C strings; the message is released right away.
    let message = unsafe {
        libdbus_sys::dbus_message_new_method_call(destination.as_ptr(), path.as_ptr(), interface.as_ptr(), method.as_ptr())
    };
    if message.is_null() {
        return None;
    }
    unsafe { libdbus_sys::dbus_message_unref(message) };
    Some(format!("libdbus: {major}.{minor}.{micro}, method call built"))
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

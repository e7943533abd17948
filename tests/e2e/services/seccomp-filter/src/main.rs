//! seccomp-filter: a sandboxing daemon's first step, linking the system libseccomp.
//!
//! It prints the version of the libseccomp it loaded and creates (then frees) a filter context,
//! which only a working library can do.

use std::process::ExitCode;

fn proof() -> Option<String> {
    // SAFETY: seccomp_version returns a pointer to a static struct inside libseccomp.
    let version = unsafe { libseccomp_sys::seccomp_version().as_ref()? };
    // SAFETY: a filter context that allows everything, released right away.
    let context = unsafe { libseccomp_sys::seccomp_init(libseccomp_sys::SCMP_ACT_ALLOW) };
    if context.is_null() {
        return None;
    }
    unsafe { libseccomp_sys::seccomp_release(context) };
    Some(format!("libseccomp: {}.{}.{}, filter context created", version.major, version.minor, version.micro))
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

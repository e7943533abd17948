// Trimmed from pcap 2.5.0's build script: pkg-config first, LIBPCAP_LIBDIR to override.
fn from_pkg_config() -> Result<pkg_config::Library, pkg_config::Error> {
    let mut config = pkg_config::Config::new();
    config.atleast_version("1.0.0");
    config.probe("libpcap")
}

fn main() {
    println!("cargo:rerun-if-env-changed=LIBPCAP_LIBDIR");
    if let Ok(libdir) = std::env::var("LIBPCAP_LIBDIR") {
        println!("cargo:rustc-link-search=native={libdir}");
    } else {
        from_pkg_config().unwrap();
    }
}

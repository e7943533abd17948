// Trimmed from zstd-sys 2.0.15's build script.
#[cfg(feature = "pkg-config")]
fn pkg_config() {
    pkg_config::Config::new().probe("libzstd").ok();
}

fn main() {
    #[cfg(feature = "pkg-config")]
    return pkg_config();
    let mut config = cc::Build::new();
    config.file("zstd/lib/common/entropy_common.c");
    config.compile("libzstd.a");
}

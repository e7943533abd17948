// Trimmed from zstd-sys 2.0.15's build script.
#[cfg(feature = "pkg-config")]
fn pkg_config() {
    pkg_config::Config::new().probe("libzstd").ok();
}

fn main() {
    #[cfg(feature = "pkg-config")]
    return pkg_config();
    let mut config = cc::Build::new();
    for file in ["common/entropy_common.c", "compress/zstd_compress.c", "decompress/zstd_decompress.c"] {
        config.file(format!("zstd/lib/{file}"));
    }
    config.compile("libzstd.a");
}

// Trimmed from libsystemd-sys 0.10.0's build script: the module's name is computed, so only a hint names it.
fn main() {
    let mut be = build_env::BuildEnv::from_env().unwrap();
    let package = be.var("SYSTEMD_PKG_NAME").unwrap_or_else(|| "libsystemd".into());
    let package = package.to_str().expect("SYSTEMD_PKG_NAME must be UTF-8");
    pkg_config::Config::new().probe(package).unwrap();
}

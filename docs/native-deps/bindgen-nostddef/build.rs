fn main() {
    cc::Build::new().file("csrc/pair.c").compile("pair");
    let b = bindgen::Builder::default().header("csrc/pair.h").allowlist_function("pair_sum").allowlist_type("Pair").generate().expect("bindgen failed");
    b.write_to_file(std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("bindings.rs")).unwrap();
    println!("cargo:rerun-if-changed=csrc");
}

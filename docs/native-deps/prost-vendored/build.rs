fn main() {
    let protoc = protoc_bin_vendored::protoc_bin_path().unwrap();
    println!("cargo:warning=PROTOC={}", protoc.display());
    std::env::set_var("PROTOC", protoc);
    let mut includes = vec![std::path::PathBuf::from("proto/")];
    if std::env::var("PROBE_VENDORED_INCLUDE").is_ok() {
        includes.push(protoc_bin_vendored::include_path().unwrap());
    }
    prost_build::compile_protos(&["proto/demo.proto"], &includes).unwrap();
}

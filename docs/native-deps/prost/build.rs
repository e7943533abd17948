fn main() {
    prost_build::compile_protos(&["proto/demo.proto"], &["proto/"]).unwrap();
}

fn main() -> std::io::Result<()> {
    // Runs `protoc` (found on PATH, or through $PROTOC); it must also find the
    // well-known type google/protobuf/timestamp.proto, which prost maps to prost-types.
    prost_build::compile_protos(&["proto/event.proto"], &["proto"])
}

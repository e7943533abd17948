//! grpc-proto: a service whose build script compiles a .proto file.
//!
//! build.rs runs prost-build, which calls the system `protoc` (no vendored protoc), and the
//! proto imports the well-known type google/protobuf/timestamp.proto, so the builder needs
//! protoc with its standard includes (on Debian: protobuf-compiler and libprotobuf-dev, which
//! holds the .proto files). The binary proves the generated code works by encoding an `Event`
//! with a timestamp and decoding it again.

use std::process::ExitCode;

use prost::Message;

mod events {
    include!(concat!(env!("OUT_DIR"), "/events.rs"));
}

fn proof() -> Result<String, prost::DecodeError> {
    let event = events::Event {
        id: 42,
        name: "started".into(),
        at: Some(prost_types::Timestamp {
            seconds: 1_700_000_000,
            nanos: 0,
        }),
    };
    let bytes = event.encode_to_vec();
    let decoded = events::Event::decode(bytes.as_slice())?;
    let (id, seconds) = (decoded.id, decoded.at.map_or(0, |at| at.seconds));
    Ok(format!("event: {id} at {seconds}s, {} bytes", bytes.len()))
}

fn main() -> ExitCode {
    let name = env!("CARGO_PKG_NAME");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let line = match proof() {
        Ok(line) => line,
        Err(err) => {
            eprintln!("{name}: cannot decode the event: {err}");
            return ExitCode::FAILURE;
        }
    };
    match args.as_slice() {
        [flag] if flag == "--version" => {
            println!("{name} {}", env!("CARGO_PKG_VERSION"));
            println!("{line}");
        }
        [] => println!("{name}: ok ({line})"),
        _ => {
            eprintln!("usage: {name} [--version]");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

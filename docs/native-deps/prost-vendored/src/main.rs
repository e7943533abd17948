pub mod demo { include!(concat!(env!("OUT_DIR"), "/demo.rs")); }
use prost::Message;
fn main() { let m = demo::Event { name: "x".into(), at: Some(prost_types::Timestamp { seconds: 1, nanos: 2 }) }; println!("encoded {} bytes", m.encode_to_vec().len()); }

pub mod demo { tonic::include_proto!("demo"); }
use prost::Message;
fn main() { let m = demo::Event { name: "x".into(), at: Some(prost_types::Timestamp { seconds: 1, nanos: 2 }) }; println!("encoded {} bytes; server mod exists: {}", m.encode_to_vec().len(), std::any::type_name::<demo::greeter_client::GreeterClient<()>>()); }

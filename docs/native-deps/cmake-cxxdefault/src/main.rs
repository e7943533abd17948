extern "C" { fn answer() -> i32; }
fn main() { println!("answer from cmake-built C lib: {}", unsafe { answer() }); }

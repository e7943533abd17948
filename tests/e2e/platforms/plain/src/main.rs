//! plain: a pure-Rust binary for every platform; it says which architecture it was built for.

fn main() {
    let mut buffer = itoa::Buffer::new();
    println!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"));
    println!("arch: {}, {} bits", std::env::consts::ARCH, buffer.format(usize::BITS));
}

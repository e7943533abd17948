fn main() {
    let d = openssl::sha::sha256(b"hello");
    println!("openssl {} (number {:x}) sha256(hello)[0..4]={:02x?}", openssl::version::version(), openssl::version::number(), &d[..4]);
}

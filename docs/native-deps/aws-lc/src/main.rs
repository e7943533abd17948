fn main() { let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, b"hello"); println!("aws-lc sha256 {:02x?}", &d.as_ref()[..4]); }

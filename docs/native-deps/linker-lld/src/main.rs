fn main() { let mut b = itoa::Buffer::new(); println!("linked ok {}", b.format(42)); }

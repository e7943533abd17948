include!(concat!(env!("OUT_DIR"), "/bindings.rs"));
fn main() { let p = Pair { a: 2, b: 40, n: 0 }; println!("sum via C: {} (sizeof size_t field {})", unsafe { pair_sum(&p) }, std::mem::size_of::<Pair>()); }

#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;
fn main() { let v: Vec<u64> = (0..1_000_000).collect(); println!("sum {}", v.iter().sum::<u64>()); }

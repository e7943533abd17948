//! The example worker: processes a few jobs and exits.

fn main() -> anyhow::Result<()> {
    let jobs: u64 = std::env::args().nth(1).map(|n| n.parse()).transpose()?.unwrap_or(3);
    for job in 1..=jobs {
        println!("worker: {}", greeting::greet("job", job));
    }
    Ok(())
}

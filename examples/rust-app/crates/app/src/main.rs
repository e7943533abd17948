//! The example service: prints a greeting and exits.

fn main() -> anyhow::Result<()> {
    let name = std::env::args().nth(1).unwrap_or_else(|| "world".to_owned());
    println!("app: {}", greeting::greet(&name, 1));
    Ok(())
}

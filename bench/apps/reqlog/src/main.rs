//! reqlog: summarise a (generated) access log and print one JSON line.

use clap::Parser;
use rand::{rngs::StdRng, Rng, SeedableRng};

/// The build marker; the benchmark changes this line.
const BUILD: &str = "reqlog-bin v0";

#[derive(Parser)]
#[command(version, about = "Summarise an access log")]
struct Args {
    /// Number of generated requests.
    #[arg(long, default_value_t = 100)]
    requests: usize,
    /// Seed of the generator, so output is reproducible.
    #[arg(long, default_value_t = 7)]
    seed: u64,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut rng = StdRng::seed_from_u64(args.seed);
    let methods = ["GET", "POST", "PUT", "DELETE"];
    let log: String = (0..args.requests)
        .map(|i| {
            let method = methods[rng.random_range(0..methods.len())];
            let status = [200, 201, 404, 500][rng.random_range(0..4)];
            format!("{method} /item/{i} {status} {}\n", rng.random_range(0..4096))
        })
        .collect();
    let summary = reqlog::summarise(&reqlog::parse(&log)?);
    let window = humantime::format_duration(std::time::Duration::from_secs(args.requests as u64 * 37));
    println!("{BUILD} {} window={window}", serde_json::to_string(&summary)?);
    Ok(())
}

//! ledger: serve the API, or (by default) print what it would serve with and exit.

use std::net::SocketAddr;
use std::sync::Arc;

use clap::Parser;
use tracing_subscriber::EnvFilter;

/// The build marker; the benchmark changes this line.
const BUILD: &str = "ledger-bin v0";

#[derive(Parser)]
#[command(version, about = "Accounts and transfers over PostgreSQL")]
struct Args {
    /// Serve the API instead of printing the configuration.
    #[arg(long)]
    serve: bool,
    #[arg(long, env = "LEDGER_ADDR", default_value = "0.0.0.0:8080")]
    addr: SocketAddr,
    #[arg(long, env = "DATABASE_URL", default_value = "postgres://ledger@localhost/ledger")]
    database_url: String,
    #[arg(long, env = "RATES_URL", default_value = "https://rates.invalid/v1")]
    rates_url: String,
}

async fn serve(args: Args, state: Arc<ledger::AppState>) -> anyhow::Result<()> {
    sqlx::query(ledger::MIGRATION).execute(&state.pool).await?;
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    tracing::info!(addr = %args.addr, "serving");
    axum::serve(listener, ledger::router(state))
        .with_graceful_shutdown(async { tokio::signal::ctrl_c().await.unwrap_or_default() })
        .await?;
    anyhow::Ok(())
}

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt().with_env_filter(EnvFilter::from_default_env()).json().init();
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let state = Arc::new(ledger::AppState {
        pool: runtime.block_on(async { ledger::lazy_pool(&args.database_url) })?,
        http: ledger::http_client()?,
        rates_url: args.rates_url.clone(),
    });
    if args.serve {
        return runtime.block_on(serve(args, state));
    }
    let _routes = ledger::router(state);
    println!("{BUILD} {} addr={} {}", ledger::EDITION, args.addr,
             serde_json::json!({ "started": chrono::Utc::now().date_naive().to_string() }));
    Ok(())
}

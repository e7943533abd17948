//! sqlx-offline: a service whose queries are checked at compile time by `sqlx::query!`.
//!
//! The macros need either a live database or the offline query data committed in `.sqlx/`:
//! the `.env` file names a database that the builder cannot reach, so the build only works
//! with `SQLX_OFFLINE=true`. sqlx links the system SQLite (feature `sqlite-unbundled`), so the
//! builder needs pkg-config, libsqlite3-dev and libclang (bindgen generates the bindings) and
//! the image needs libsqlite3-0. The binary proves it by running a checked query and asking
//! SQLite for its version, in memory.

use std::process::ExitCode;

use sqlx::{Connection, SqliteConnection};

async fn proof() -> Result<String, sqlx::Error> {
    let mut conn = SqliteConnection::connect("sqlite::memory:").await?;
    let answer = sqlx::query!(r#"SELECT 40 + ?1 AS "answer!: i64""#, 2_i64)
        .fetch_one(&mut conn)
        .await?
        .answer;
    let version: String = sqlx::query_scalar("SELECT sqlite_version()")
        .fetch_one(&mut conn)
        .await?;
    conn.close().await?;
    Ok(format!("sqlite: {version}, answer: {answer}"))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let name = env!("CARGO_PKG_NAME");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let line = match proof().await {
        Ok(line) => line,
        Err(err) => {
            eprintln!("{name}: the SQLite query failed: {err}");
            return ExitCode::FAILURE;
        }
    };
    match args.as_slice() {
        [flag] if flag == "--version" => {
            println!("{name} {}", env!("CARGO_PKG_VERSION"));
            println!("{line}");
        }
        [] => println!("{name}: ok ({line})"),
        _ => {
            eprintln!("usage: {name} [--version]");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

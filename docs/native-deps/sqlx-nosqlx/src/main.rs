#[tokio::main(flavor = "current_thread")]
async fn main() {
    let pool = sqlx::SqlitePool::connect("sqlite::memory:").await.unwrap();
    let row = sqlx::query!("SELECT 40 + 2 AS v").fetch_one(&pool).await.unwrap();
    println!("sqlx query! result: {:?}", row.v);
}

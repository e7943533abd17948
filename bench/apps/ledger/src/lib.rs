//! ledger: accounts and transfers over PostgreSQL behind an HTTP API, the library half of the
//! benchmark's service-sized app. Small code over a realistic dependency tree.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::postgres::{PgPool, PgPoolOptions};
use tower_http::compression::CompressionLayer;
use tower_http::cors::CorsLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use uuid::Uuid;

/// The version of the API's wire format; the benchmark changes this line.
pub const EDITION: &str = "ledger-lib v0";

pub const MIGRATION: &str = "CREATE TABLE IF NOT EXISTS accounts (
    id UUID PRIMARY KEY, owner TEXT NOT NULL, balance BIGINT NOT NULL, created TIMESTAMPTZ NOT NULL)";

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct Account {
    pub id: Uuid,
    pub owner: String,
    pub balance: i64,
    pub created: DateTime<Utc>,
}

#[derive(Debug, Deserialize)]
pub struct NewAccount {
    pub owner: String,
}

#[derive(Debug, Deserialize)]
pub struct Transfer {
    pub from: Uuid,
    pub to: Uuid,
    pub amount: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no account {0}")]
    NotFound(Uuid),
    #[error("insufficient funds")]
    Insufficient,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Upstream(#[from] reqwest::Error),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match self {
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Insufficient => StatusCode::CONFLICT,
            ApiError::Database(_) | ApiError::Upstream(_) => StatusCode::BAD_GATEWAY,
        };
        tracing::warn!(error = %self, "request failed");
        (status, Json(serde_json::json!({ "error": self.to_string() }))).into_response()
    }
}

/// What every handler shares: the pool and the client for the exchange-rate service.
pub struct AppState {
    pub pool: PgPool,
    pub http: reqwest::Client,
    pub rates_url: String,
}

/// A pool that connects on first use, so the binary starts without a database.
pub fn lazy_pool(url: &str) -> Result<PgPool, sqlx::Error> {
    PgPoolOptions::new().max_connections(8).acquire_timeout(Duration::from_secs(3)).connect_lazy(url)
}

/// The outbound client: rustls with the webpki roots, gzip, a timeout.
pub fn http_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder().user_agent(concat!("ledger/", env!("CARGO_PKG_VERSION")))
        .timeout(Duration::from_secs(5)).gzip(true).build()
}

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/health", get(|| async { Json(serde_json::json!({ "edition": EDITION })) }))
        .route("/accounts", post(create_account))
        .route("/accounts/{id}", get(account))
        .route("/transfers", post(transfer))
        .route("/rates/{currency}", get(rate))
        .layer(TraceLayer::new_for_http())
        .layer(CompressionLayer::new())
        .layer(CorsLayer::permissive())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

async fn create_account(State(s): State<Arc<AppState>>, Json(new): Json<NewAccount>) -> Result<Json<Account>, ApiError> {
    let account = sqlx::query_as::<_, Account>(
        "INSERT INTO accounts (id, owner, balance, created) VALUES ($1, $2, 0, $3) RETURNING *",
    )
    .bind(Uuid::new_v4()).bind(&new.owner).bind(Utc::now())
    .fetch_one(&s.pool).await?;
    Ok(Json(account))
}

async fn account(State(s): State<Arc<AppState>>, Path(id): Path<Uuid>) -> Result<Json<Account>, ApiError> {
    sqlx::query_as::<_, Account>("SELECT * FROM accounts WHERE id = $1")
        .bind(id).fetch_optional(&s.pool).await?
        .map(Json).ok_or(ApiError::NotFound(id))
}

async fn transfer(State(s): State<Arc<AppState>>, Json(t): Json<Transfer>) -> Result<StatusCode, ApiError> {
    let mut tx = s.pool.begin().await?;
    let debited = sqlx::query("UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1")
        .bind(t.amount).bind(t.from).execute(&mut *tx).await?;
    if debited.rows_affected() == 0 {
        return Err(ApiError::Insufficient);
    }
    let credited = sqlx::query("UPDATE accounts SET balance = balance + $1 WHERE id = $2")
        .bind(t.amount).bind(t.to).execute(&mut *tx).await?;
    if credited.rows_affected() == 0 {
        return Err(ApiError::NotFound(t.to));
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn rate(State(s): State<Arc<AppState>>, Path(currency): Path<String>) -> Result<Json<serde_json::Value>, ApiError> {
    let url = format!("{}/{}", s.rates_url, currency);
    Ok(Json(s.http.get(url).send().await?.error_for_status()?.json().await?))
}

//! Prometheus metrics, served at `/metrics` on a separate address
//! (`--metrics-addr`), off by default: request counts and latency by route,
//! the database pool, the search outbox's backlog, open queue items and
//! the filters' actions by kind.

use std::sync::OnceLock;
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseConnectionType, Statement};

/// Seconds: the buckets of the request latency histogram.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the process's recorder (once) and returns its handle. Until it
/// is installed, recording a metric does nothing.
pub fn install() -> Option<PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("haven_http_request_duration_seconds".into()),
                    LATENCY_BUCKETS,
                )
                .ok()?;
            match builder.install_recorder() {
                Ok(handle) => Some(handle),
                Err(err) => {
                    tracing::warn!("metrics are off: {err}");
                    None
                }
            }
        })
        .clone()
}

/// Counts each request and times it, by method, route and status. Added
/// with `route_layer`, so the route is the matched pattern (`/t/{id}`),
/// never a path with ids in it.
pub async fn track(matched: Option<MatchedPath>, request: Request, next: Next) -> Response {
    let route = matched.map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("haven_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("haven_http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// The `/metrics` endpoint, for the separate metrics address.
pub fn router(db: DatabaseConnection, handle: PrometheusHandle) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state((db, handle))
}

async fn scrape(State((db, handle)): State<(DatabaseConnection, PrometheusHandle)>) -> Response {
    if let Err(err) = gauges(&db).await {
        tracing::warn!("reading metrics from the database failed: {err}");
    }
    (
        [(http::header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle.render(),
    )
        .into_response()
}

/// What is read from the database at each scrape.
async fn gauges(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    let (size, idle) = match &db.inner {
        DatabaseConnectionType::SqlxSqlitePoolConnection(_) => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DatabaseConnectionType::SqlxPostgresPoolConnection(_) => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => (0, 0),
    };
    let idle = u32::try_from(idle).unwrap_or(u32::MAX);
    metrics::gauge!("haven_db_pool_connections", "state" => "idle").set(f64::from(idle));
    metrics::gauge!("haven_db_pool_connections", "state" => "in_use")
        .set(f64::from(size.saturating_sub(idle)));
    let count = |sql: &'static str| async move {
        let row = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
            .await?;
        Ok::<f64, sea_orm::DbErr>(
            row.and_then(|r| r.try_get_by_index::<i64>(0).ok())
                .unwrap_or(0) as f64,
        )
    };
    metrics::gauge!("haven_search_outbox_backlog")
        .set(count("SELECT COUNT(*) FROM search_outbox").await?);
    metrics::gauge!("haven_queue_open_items")
        .set(count("SELECT COUNT(*) FROM queue_items WHERE status = 'open'").await?);
    let actions = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT action, COUNT(*) AS n FROM filter_events GROUP BY action",
        ))
        .await?;
    for row in actions {
        let action: String = row.try_get("", "action")?;
        let n: i64 = row.try_get("", "n")?;
        // The events are append-only: their count is a counter.
        metrics::counter!("haven_filter_actions_total", "action" => action)
            .absolute(u64::try_from(n).unwrap_or(0));
    }
    Ok(())
}

//! Everything that only runs on the server: database entities, domain
//! services, permissions, sessions. Services are plain async functions taking
//! `&DatabaseConnection` (or a transaction) and a viewer; they know neither
//! axum nor Leptos. Server functions and the JSON API are thin adapters.

pub mod auth;
pub mod db;
pub mod entities;
pub mod markdown;
pub mod permissions;
pub mod ratelimit;
pub mod seed;
pub mod services;
pub mod session_store;
pub mod text;

use std::sync::Arc;

use axum::extract::FromRef;
use chrono::Utc;
use leptos::prelude::*;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use tower_sessions::Session;

use crate::error::{AppError, AppResult};
use permissions::Viewer;

pub use db::{begin_write, now};

/// Shared by every request: the connection pool, limits and Leptos options.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub limits: Arc<ratelimit::AuthLimits>,
    pub moderation: services::moderation::ModerationConfig,
    pub messaging: services::messages::MessagingConfig,
    pub leptos_options: LeptosOptions,
    /// Where searches go (the embedded index unless Meilisearch is set).
    pub search: services::search::Engine,
    /// How e-mail links are made; None when the site sends no e-mail.
    pub mail: Option<services::base::mail::MailSettings>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Session key holding the logged-in person's id.
pub const SESSION_USER_KEY: &str = "uid";

/// How much of a SQLite file each connection maps into memory.
const SQLITE_MMAP_BYTES: u64 = 256 * 1024 * 1024;

/// Opens the pool for `url` (sqlite://… or postgres://…), creating the SQLite
/// file and its folder when missing, and applies pending migrations.
pub async fn connect_and_migrate(url: &str) -> Result<DatabaseConnection, sea_orm::DbErr> {
    let url = prepare_sqlite_url(url)?;
    let mut options = ConnectOptions::new(url.clone());
    options.sqlx_logging(false);
    // No idle timeout and no maximum lifetime, so sqlx starts no background
    // reaper: in sqlx 0.9.0 a race in the pool's idle count can wrap it to
    // usize::MAX, and the reaper then spins on a runtime worker forever
    // (launchbadge/sqlx#3645; its fix, #4289, is not in 0.9.0). Connections
    // are still checked before use (`test_before_acquire`), so one the
    // database closed is replaced.
    options
        .idle_timeout(None::<std::time::Duration>)
        .max_lifetime(None::<std::time::Duration>);
    if url.starts_with("sqlite:") {
        // SQLite allows one writer; a small pool avoids lock contention.
        options.max_connections(4);
        // Per connection, so every pooled connection gets them. WAL lets
        // readers run beside the writer; memory-mapped reads spare a copy
        // per page, which the full-text index reads many of (search p95 at
        // 200 000 posts: ~11.6 → 8–9 ms, see the README).
        options.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .busy_timeout(std::time::Duration::from_secs(5))
                .foreign_keys(true)
                .pragma("mmap_size", SQLITE_MMAP_BYTES.to_string())
        });
    }
    let db = Database::connect(options).await?;
    Migrator::up(&db, None).await?;
    Ok(db)
}

/// Adds `mode=rwc` and creates the parent folder of a SQLite file.
fn prepare_sqlite_url(url: &str) -> Result<String, sea_orm::DbErr> {
    let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        return Ok(url.to_string());
    };
    let file = path.split('?').next().unwrap_or(path);
    let parent = std::path::Path::new(file)
        .parent()
        .filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent.filter(|_| file != ":memory:") {
        std::fs::create_dir_all(parent)
            .map_err(|e| sea_orm::DbErr::Custom(format!("cannot create {parent:?}: {e}")))?;
    }
    Ok(if url.contains("mode=") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}

/// The application state provided to every server function.
pub fn state() -> AppResult<AppState> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}

/// The request's session.
pub async fn session() -> AppResult<Session> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(AppError::internal)
}

/// The state and the logged-in person (None for a guest), for a server function.
pub async fn request_viewer() -> AppResult<(AppState, Option<Viewer>)> {
    let state = state()?;
    let session = session().await?;
    let viewer = viewer_from_session(&state.db, &session).await?;
    Ok((state, viewer))
}

/// Loads the person whose id the session holds.
pub async fn viewer_from_session(
    db: &DatabaseConnection,
    session: &Session,
) -> AppResult<Option<Viewer>> {
    let user_id: Option<i32> = session
        .get(SESSION_USER_KEY)
        .await
        .map_err(AppError::internal)?;
    let Some(id) = user_id else {
        return Ok(None);
    };
    refresh_daily(session).await?;
    services::base::people::load_viewer(db, id).await
}

/// Session key holding the day (days since the epoch, UTC) the session was
/// last extended.
pub const SESSION_DAY_KEY: &str = "day";

/// Sessions expire after 30 days without a visit. tower-sessions writes a
/// session (and so moves its expiry) only when its data changes, so the
/// first request of each day writes the day into it: at most one write per
/// session and day, and an active person stays logged in.
async fn refresh_daily(session: &Session) -> AppResult<()> {
    let today = Utc::now().timestamp().div_euclid(86_400);
    let last: Option<i64> = session
        .get(SESSION_DAY_KEY)
        .await
        .map_err(AppError::internal)?;
    if last != Some(today) {
        session
            .insert(SESSION_DAY_KEY, today)
            .await
            .map_err(AppError::internal)?;
    }
    Ok(())
}

tokio::task_local! {
    /// The id of the request being served (set by the server around each
    /// request), so a failure deep in a service is logged under the id the
    /// person is shown.
    pub static REQUEST_ID: String;
}

/// The current request's id: from the request scope, else from the request
/// Leptos is rendering (its resources may run on other tasks).
pub fn current_request_id() -> Option<String> {
    REQUEST_ID
        .try_with(|id| id.clone())
        .ok()
        .or_else(|| {
            use_context::<http::request::Parts>().and_then(|parts| {
                parts
                    .headers
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            })
        })
        .filter(|id| !id.is_empty())
}

/// Whether this instance can serve: the database answers and no migration
/// is pending (the readiness probe).
pub async fn ready(db: &DatabaseConnection) -> Result<(), String> {
    db.ping().await.map_err(|e| format!("database: {e}"))?;
    let pending = Migrator::get_pending_migrations(db)
        .await
        .map_err(|e| format!("migrations: {e}"))?;
    if pending.is_empty() {
        Ok(())
    } else {
        Err(format!("{} migrations pending", pending.len()))
    }
}

/// The client's address as the server resolved it for this request: the
/// socket's peer, or what a trusted proxy forwarded (see the server's
/// `client_ip`). Rate limits and logs use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub std::net::IpAddr);

/// The client's address, for rate limits ("unknown" when not served over TCP).
pub async fn client_address() -> String {
    leptos_axum::extract::<axum::Extension<ClientIp>>()
        .await
        .map(|axum::Extension(ClientIp(ip))| ip.to_string())
        .unwrap_or_else(|_| "unknown".into())
}

//! Haven's HTTP server: the router that joins the Leptos pages, the server
//! functions, the JSON API, sessions and the security layers. `main.rs`
//! only reads configuration and calls into here.

// Leptos views are deeply nested types; the router's rendering of them
// needs more than the default query depth.
#![recursion_limit = "256"]

pub mod api;
pub mod backup;
pub mod check_text;
pub mod client_ip;
pub mod config;
pub mod metrics;
pub mod security;

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use app::app::{App, shell};
use app::server::services::moderation::ModerationConfig;
use app::server::{
    AppState,
    ratelimit::{AuthLimitConfig, AuthLimits},
    session_store::DbSessionStore,
};
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sea_orm::DatabaseConnection;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "haven_session";

/// Settings the router needs beyond the database.
#[derive(Debug, Clone)]
pub struct RouterConfig {
    pub leptos_options: LeptosOptions,
    pub auth_limits: AuthLimitConfig,
    /// Mark the session cookie `Secure` (serve over HTTPS).
    pub secure_cookies: bool,
    pub moderation: ModerationConfig,
    pub messaging: app::server::services::messages::MessagingConfig,
    pub search: app::server::services::search::Engine,
    /// Proxies whose X-Forwarded-For / Forwarded headers are believed.
    pub trusted_proxies: client_ip::TrustedProxies,
    /// E-mail links and batching; None when no SMTP server is configured.
    pub mail: Option<app::server::services::base::mail::MailSettings>,
}

/// The whole application as one axum router.
/// The pages' routes, generated once per process. Generating them sets a
/// process-global flag (leptos_server's `SuppressResourceLoad`) under which
/// every `Resource` first polled anywhere in the process waits forever
/// (leptos-rs/leptos#4773): a page being rendered for another request at
/// that moment never finishes. A server builds its router once, before it
/// serves, but the tests build one per site while other tests render
/// pages: what hung CI twice (stops 29 and 30) on a page request.
static ROUTES: LazyLock<Vec<leptos_axum::AxumRouteListing>> =
    LazyLock::new(|| generate_route_list(App));

pub fn router(db: DatabaseConnection, config: RouterConfig) -> Router {
    let state = AppState {
        db: db.clone(),
        limits: Arc::new(AuthLimits::new(config.auth_limits)),
        moderation: config.moderation,
        messaging: config.messaging,
        leptos_options: config.leptos_options.clone(),
        search: config.search.clone(),
        mail: config.mail.clone(),
    };
    let sessions = SessionManagerLayer::new(DbSessionStore::new(db))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(30)));

    if tokio::runtime::Handle::try_current().is_ok() {
        spawn_rate_limit_pruning(state.limits.clone());
    }
    let routes = ROUTES.clone();
    let context_state = state.clone();
    let options = config.leptos_options.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/p/{id}", get(post_permalink))
        .route("/favicon.svg", get(favicon))
        .route("/favicon.ico", get(favicon))
        .nest("/api/v1", api::router())
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(options.clone()),
        )
        // Per route, so requests are counted by pattern (`/t/{id}`).
        .route_layer(axum::middleware::from_fn(metrics::track))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(sessions)
        .layer(axum::middleware::from_fn(security::server_fn_status))
        .layer(axum::middleware::from_fn(security::cross_origin_guard))
        .layer(security::headers())
        .layer(axum::middleware::from_fn(request_scope))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(axum::middleware::from_fn_with_state(
            config.trusted_proxies,
            client_ip::resolve,
        ))
        // Outermost: every request gets an id (kept when a proxy sent one),
        // echoed in the response, carried by its log lines and shown on an
        // error page.
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// The request's id, as `SetRequestIdLayer` set it.
fn request_id_of<B>(request: &http::Request<B>) -> String {
    request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// The span every log line of a request is written in.
fn request_span<B>(request: &http::Request<B>) -> tracing::Span {
    let client = request
        .extensions()
        .get::<app::server::ClientIp>()
        .map(|c| c.0.to_string())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        request_id = %request_id_of(request),
        client = %client,
    )
}

/// Runs the request with its id at hand for `AppError::internal`, which
/// logs a failure and shows the person the same id.
async fn request_scope(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let id = request_id_of(&request);
    app::server::REQUEST_ID.scope(id, next.run(request)).await
}

/// `/healthz`: the process is up and answering.
/// The site icon: a house on Haven's green, drawn inline so no asset
/// directory needs deploying with the binary.
async fn favicon() -> impl IntoResponse {
    (
        [
            (axum::http::header::CONTENT_TYPE, "image/svg+xml"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../assets/favicon.svg"),
    )
}

async fn healthz() -> &'static str {
    "ok"
}

/// `/readyz`: the database answers and every migration is applied; 503
/// otherwise, so a load balancer sends no traffic here.
async fn readyz(State(state): State<AppState>) -> Response {
    match app::server::ready(&state.db).await {
        Ok(()) => "ready".into_response(),
        Err(reason) => {
            tracing::warn!("not ready: {reason}");
            (
                http::StatusCode::SERVICE_UNAVAILABLE,
                format!("not ready: {reason}"),
            )
                .into_response()
        }
    }
}

/// `/p/{id}`: the page of the topic that shows post `id`, scrolled to it.
async fn post_permalink(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    Path(id): Path<i32>,
) -> Response {
    let viewer = match app::server::viewer_from_session(&state.db, &session).await {
        Ok(viewer) => viewer,
        Err(err) => return api::ApiError(err).into_response(),
    };
    match app::server::services::posts::locate(&state.db, viewer.as_ref(), id).await {
        Ok((topic, 0)) => Redirect::to(&format!("/t/{topic}#post-{id}")).into_response(),
        Ok((topic, after)) => {
            Redirect::to(&format!("/t/{topic}?after={after}#post-{id}")).into_response()
        }
        Err(err) => api::ApiError(err).into_response(),
    }
}

/// Deletes expired sessions every hour, for as long as the server runs.
pub fn spawn_session_cleanup(db: DatabaseConnection) {
    use tower_sessions::session_store::ExpiredDeletion;
    let store = DbSessionStore::new(db);
    tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            if let Err(err) = store.delete_expired().await {
                tracing::warn!("deleting expired sessions failed: {err}");
            }
        }
    });
}

/// Forgets rate-limit entries that have refilled, every minute, so memory
/// does not grow with the number of addresses ever seen.
fn spawn_rate_limit_pruning(limits: Arc<AuthLimits>) {
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            let kept = limits.prune();
            tracing::debug!("rate limits: {kept} recent keys kept");
        }
    });
}

/// Recounts every forum's published topics now and every five minutes
/// (the forums list reads the kept counts; see `forums::refresh_topic_counts`).
pub fn spawn_topic_count_refresh(db: DatabaseConnection) {
    tokio::spawn(async move {
        let mut every_five_minutes = tokio::time::interval(Duration::from_secs(300));
        loop {
            every_five_minutes.tick().await;
            if let Err(err) = app::server::services::forums::refresh_topic_counts(&db).await {
                tracing::warn!("recounting forum topics failed: {err}");
            }
        }
    });
}
/// E-mail, when SMTP is configured: every `every`, writes the notification
/// batches that are due to the outbox and delivers what waits there. Each
/// step claims its rows with guarded UPDATEs, so several servers can run it.
pub fn spawn_mail_worker(
    db: DatabaseConnection,
    settings: app::server::services::base::mail::MailSettings,
    smtp: app::server::services::email::Smtp,
    every: Duration,
) {
    use app::server::services::email;
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match email::compose_batches(&db, &settings).await {
                Ok(0) => {}
                Ok(n) => tracing::info!("wrote {n} notification e-mails"),
                Err(err) => tracing::warn!("writing notification e-mails failed: {err}"),
            }
            match email::deliver_due(&db, &smtp).await {
                Ok(0) => {}
                Ok(n) => tracing::info!("delivered {n} e-mails"),
                Err(err) => tracing::warn!("delivering e-mails failed: {err}"),
            }
        }
    });
}

/// Tells global leaders about overdue queue items, sends the daily queue
/// digests that are due and closes accounts deactivated over 30 days ago,
/// checking every five minutes, for as long as the server runs.
pub fn spawn_overdue_check(db: DatabaseConnection, config: ModerationConfig) {
    tokio::spawn(async move {
        let mut every_five_minutes = tokio::time::interval(Duration::from_secs(300));
        loop {
            every_five_minutes.tick().await;
            match app::server::services::moderation::notify_overdue(&db, &config).await {
                Ok(0) => {}
                Ok(n) => tracing::info!("told leaders about {n} overdue reports"),
                Err(err) => tracing::warn!("checking overdue reports failed: {err}"),
            }
            match app::server::services::notifications::send_queue_digests(&db).await {
                Ok(0) => {}
                Ok(n) => tracing::info!("sent {n} queue digests"),
                Err(err) => tracing::warn!("sending queue digests failed: {err}"),
            }
            match app::server::services::self_care::close_expired(&db).await {
                Ok(0) => {}
                Ok(n) => tracing::info!("closed {n} accounts deactivated over 30 days ago"),
                Err(err) => tracing::warn!("closing deactivated accounts failed: {err}"),
            }
        }
    });
}

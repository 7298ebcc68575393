//! Haven's HTTP server: the router that joins the Leptos pages, the server
//! functions, the JSON API, sessions and the security layers. `main.rs`
//! only reads configuration and calls into here.

pub mod api;
pub mod check_text;
pub mod config;
pub mod security;

use std::sync::Arc;
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
    pub search: app::server::services::search::Engine,
}

/// The whole application as one axum router.
pub fn router(db: DatabaseConnection, config: RouterConfig) -> Router {
    let state = AppState {
        db: db.clone(),
        limits: Arc::new(AuthLimits::new(config.auth_limits)),
        moderation: config.moderation,
        leptos_options: config.leptos_options.clone(),
        search: config.search.clone(),
    };
    let sessions = SessionManagerLayer::new(DbSessionStore::new(db))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(30)));

    let routes = generate_route_list(App);
    let context_state = state.clone();
    let options = config.leptos_options.clone();
    Router::new()
        .route("/p/{id}", get(post_permalink))
        .nest("/api/v1", api::router())
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(sessions)
        .layer(axum::middleware::from_fn(security::cross_origin_guard))
        .layer(security::headers())
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
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

/// Tells global leaders about overdue queue items, checking every five
/// minutes, for as long as the server runs.
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
        }
    });
}

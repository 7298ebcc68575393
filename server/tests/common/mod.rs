//! The real router on a real database for the server's integration tests: a
//! SQLite file, and a PostgreSQL database too when TEST_DATABASE_URL names
//! a server. Requests go through the whole router (sessions, security
//! layers, pages, server functions, JSON API) with `tower::ServiceExt`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

#[path = "../../../app/tests/common/drop_database.rs"]
mod drop_database;
use drop_database::drop_database_now;

use app::server::{connect_and_migrate, ratelimit::AuthLimitConfig, seed};
use axum::Router;
use axum::body::Body;
use haven_server::{RouterConfig, router};
use http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};
use tower::ServiceExt;

pub struct Site {
    pub db: DatabaseConnection,
    pub app: Router,
    _dir: tempfile::TempDir,
    /// (admin url, database name) of a PostgreSQL database to drop afterwards.
    pg: Option<(String, String)>,
}

impl Site {
    pub async fn finish(mut self) {
        // Closing waits for every connection to come back to the pool.
        let _ = tokio::time::timeout(ANSWER_WITHIN, self.db.clone().close())
            .await
            .expect("a database connection was never given back to the pool");
        if let Some((admin, name)) = self.pg.take()
            && let Ok(admin) = Database::connect(admin).await
        {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await;
        }
    }
}

/// How long a request (or closing the pool) may take before the test fails;
/// the slowest request takes a few seconds.
pub const ANSWER_WITHIN: std::time::Duration = std::time::Duration::from_secs(120);

pub fn config(limits: AuthLimitConfig) -> RouterConfig {
    RouterConfig {
        leptos_options: LeptosOptions::builder().output_name("haven").build(),
        auth_limits: limits,
        secure_cookies: false,
        moderation: Default::default(),
        messaging: Default::default(),
        search: Default::default(),
        trusted_proxies: Default::default(),
        mail: None,
    }
}

/// A site on a fresh SQLite file with the demo content.
pub async fn sqlite_site(limits: AuthLimitConfig) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let db = connect_and_migrate(&format!("sqlite://{}", dir.path().join("api.db").display()))
        .await
        .unwrap();
    seed::demo_if_empty(&db).await.unwrap();
    Site {
        app: router(db.clone(), config(limits)),
        db,
        _dir: dir,
        pg: None,
    }
}

/// The SQLite site, and a PostgreSQL one when TEST_DATABASE_URL is set.
pub async fn sites(limits: AuthLimitConfig) -> Vec<(&'static str, Site)> {
    let mut out = vec![("sqlite", sqlite_site(limits).await)];
    if let Some(admin) = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
    {
        let name = format!("haven_api_{}_{}", std::process::id(), rand_suffix());
        let admin_db = Database::connect(&admin).await.unwrap();
        admin_db
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        let base = admin.rsplit_once('/').unwrap().0;
        let db = connect_and_migrate(&format!("{base}/{name}"))
            .await
            .unwrap();
        seed::demo_if_empty(&db).await.unwrap();
        let pg = Some((admin.clone(), name));
        out.push((
            "postgres",
            Site {
                app: router(db.clone(), config(limits)),
                db,
                _dir: tempfile::tempdir().unwrap(),
                pg,
            },
        ));
    }
    out
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

pub fn generous() -> AuthLimitConfig {
    AuthLimitConfig {
        per_address_per_minute: 1000,
        per_account_per_minute: 1000,
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    /// The body parsed as JSON (Null when it is not JSON).
    pub body: Value,
    /// The body as text (pages, server functions).
    pub text: String,
}

/// Sends a request with an optional JSON body.
pub async fn send(
    app: &Router,
    method: &str,
    uri: &str,
    cookie: Option<&str>,
    body: Option<Value>,
    extra: &[(&str, &str)],
) -> Reply {
    let body = body.map(|b| ("application/json", b.to_string()));
    request(app, method, uri, cookie, body, extra).await
}

/// The id of a topic's first post, read through the API as `cookie`.
pub async fn first_post_id(app: &Router, topic: i64, cookie: Option<&str>) -> i64 {
    send(
        app,
        "GET",
        &format!("/api/v1/topics/{topic}"),
        cookie,
        None,
        &[],
    )
    .await
    .body["posts"][0]["id"]
        .as_i64()
        .unwrap()
}

/// Calls a server function (`/fn/...`) with form-encoded arguments, as a
/// browser without JavaScript would.
pub async fn call_fn(
    app: &Router,
    endpoint: &str,
    cookie: Option<&str>,
    args: &[(&str, &str)],
) -> Reply {
    let form = args
        .iter()
        .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    request(
        app,
        "POST",
        endpoint,
        cookie,
        Some(("application/x-www-form-urlencoded", form)),
        &[("accept", "application/json")],
    )
    .await
}

pub fn form_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

async fn request(
    app: &Router,
    method: &str,
    uri: &str,
    cookie: Option<&str>,
    body: Option<(&str, String)>,
    extra: &[(&str, &str)],
) -> Reply {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, "127.0.0.1:3000");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    let req = match body {
        Some((content_type, b)) => req
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(b)),
        None => req.body(Body::empty()),
    }
    .unwrap();
    // A request that never answers fails the test, naming itself, instead
    // of hanging the whole run (CI twice ran out of time inside a test).
    let answer = async {
        let res = app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (status, headers, bytes)
    };
    let (status, headers, bytes) = tokio::time::timeout(ANSWER_WITHIN, answer)
        .await
        .unwrap_or_else(|_| panic!("{method} {uri} did not answer within {ANSWER_WITHIN:?}"));
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
        text: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Logs in with the demo password and returns the `name=value` of the
/// session cookie.
pub async fn login(app: &Router, name: &str) -> String {
    login_with(app, name, seed::DEMO_PASSWORD).await
}

pub async fn login_with(app: &Router, name: &str, password: &str) -> String {
    let res = send(
        app,
        "POST",
        "/api/v1/session",
        None,
        Some(json!({"username": name, "password": password})),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{name}: {:?}", res.body);
    let set_cookie = res
        .headers
        .get(header::SET_COOKIE)
        .expect("session cookie")
        .to_str()
        .unwrap()
        .to_string();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    set_cookie.split(';').next().unwrap().to_string()
}

/// A test that failed before `finish` leaves no database behind.
impl Drop for Site {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.pg.take() {
            drop_database_now(admin, name);
        }
    }
}

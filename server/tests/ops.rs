//! Running Haven: health and readiness probes, the client's address behind
//! a reverse proxy, and backups taken while the site writes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use app::server::ratelimit::AuthLimitConfig;
use app::server::services::base::people;
use app::server::{connect_and_migrate, seed};
use axum::body::Body;
use axum::extract::ConnectInfo;
use common::{config, generous, send, sqlite_site};
use haven_server::client_ip::TrustedProxies;
use haven_server::router;
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

#[tokio::test]
async fn health_and_readiness() {
    let site = sqlite_site(generous()).await;
    let health = send(&site.app, "GET", "/healthz", None, None, &[]).await;
    assert_eq!(
        (health.status, health.text.as_str()),
        (StatusCode::OK, "ok")
    );
    let ready = send(&site.app, "GET", "/readyz", None, None, &[]).await;
    assert_eq!(
        (ready.status, ready.text.as_str()),
        (StatusCode::OK, "ready")
    );
    // The database goes away: still alive, no longer ready.
    site.db.clone().close().await.unwrap();
    let ready = send(&site.app, "GET", "/readyz", None, None, &[]).await;
    assert_eq!(
        ready.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        ready.text
    );
    assert!(ready.text.contains("database"), "{}", ready.text);
    let health = send(&site.app, "GET", "/healthz", None, None, &[]).await;
    assert_eq!(health.status, StatusCode::OK);
}

/// A wrong-password login from `peer`, claiming `forwarded` as the client.
async fn attempt(app: &axum::Router, peer: &str, forwarded: &str) -> StatusCode {
    let mut request = Request::builder()
        .method("POST")
        .uri("/api/v1/session")
        .header("host", "127.0.0.1:3000")
        .header("content-type", "application/json")
        .header("x-forwarded-for", forwarded)
        .body(Body::from(
            json!({"username": format!("nobody_{forwarded}"), "password": "wrong password"})
                .to_string(),
        ))
        .unwrap();
    let peer: SocketAddr = peer.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let _ = response.into_body().collect().await;
    status
}

#[tokio::test]
async fn forwarded_addresses_count_only_from_trusted_proxies() {
    let limits = AuthLimitConfig {
        per_address_per_minute: 3,
        per_account_per_minute: 1000,
    };
    let site = sqlite_site(limits).await;
    let mut behind_proxy = config(limits);
    behind_proxy.trusted_proxies = TrustedProxies::parse(&["127.0.0.1".to_string()]).unwrap();
    let app = router(site.db.clone(), behind_proxy);

    // Through the proxy, each visitor has their own bucket.
    for n in 0..6 {
        let status = attempt(&app, "127.0.0.1:40000", &format!("198.51.100.{n}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "visitor {n}");
    }
    // One visitor over the limit is limited, the others are not.
    for _ in 0..3 {
        attempt(&app, "127.0.0.1:40000", "198.51.100.200").await;
    }
    assert_eq!(
        attempt(&app, "127.0.0.1:40000", "198.51.100.200").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        attempt(&app, "127.0.0.1:40000", "198.51.100.201").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Straight from the internet, a spoofed header changes nothing: one
    // address, one bucket.
    for n in 0..3 {
        assert_eq!(
            attempt(&app, "203.0.113.9:5000", &format!("192.0.2.{n}")).await,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    assert_eq!(
        attempt(&app, "203.0.113.9:5000", "192.0.2.99").await,
        StatusCode::TOO_MANY_REQUESTS
    );

    // With no trusted proxy (the default) the header is never read.
    let direct = router(site.db.clone(), config(limits));
    for n in 0..3 {
        attempt(&direct, "127.0.0.1:40001", &format!("192.0.2.{}", 100 + n)).await;
    }
    assert_eq!(
        attempt(&direct, "127.0.0.1:40001", "192.0.2.250").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    site.finish().await;
}

/// A backup taken by `haven backup` while replies are being written holds
/// every reply acknowledged before it started, and restores into a
/// database the site opens.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_writes_restores_every_acknowledged_post() {
    use app::server::services::{posts, topics};
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.db");
    let url = format!("sqlite://{}", live.display());
    let db = connect_and_migrate(&url).await.unwrap();
    seed::demo_if_empty(&db).await.unwrap();
    let max = people::find_by_names(&db, &["max_member".to_string()])
        .await
        .unwrap()[0]
        .id;
    let max = people::load_viewer(&db, max).await.unwrap().unwrap();
    let topic = topics::create(
        &db,
        Some(&max),
        "anxiety-and-stress",
        "Backup day",
        "Writing while it copies.",
    )
    .await
    .unwrap();

    // A writer that records each reply once the database acknowledged it.
    let acknowledged: Arc<Mutex<Vec<i32>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (db, max, acknowledged, stop) =
            (db.clone(), max.clone(), acknowledged.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                n += 1;
                let post = posts::reply(&db, Some(&max), topic, &format!("reply number {n}"))
                    .await
                    .unwrap();
                acknowledged.lock().unwrap().push(post.id);
            }
        })
    };
    while acknowledged.lock().unwrap().len() < 50 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let before: Vec<i32> = acknowledged.lock().unwrap().clone();
    let copy = dir.path().join("copy.db");
    let out = tokio::task::spawn_blocking({
        let (url, copy) = (url.clone(), copy.clone());
        move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_haven"))
                .env("DATABASE_URL", &url)
                .env("RUST_LOG", "warn")
                .arg("backup")
                .arg(&copy)
                .output()
                .unwrap()
        }
    })
    .await
    .unwrap();
    let during = acknowledged.lock().unwrap().len();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    writer.await.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("checked"));
    assert!(
        during > before.len(),
        "the writer kept writing during the backup"
    );

    // Restore into a new place, as after losing the server.
    let restored = dir.path().join("restored").join("haven.db");
    let restored_url = format!("sqlite://{}", restored.display());
    let haven = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_haven"))
            .env("DATABASE_URL", &restored_url)
            .env("RUST_LOG", "warn")
            .args(args)
            .output()
            .unwrap()
    };
    let out = haven(&["restore", copy.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Restoring over a database needs --replace.
    let again = haven(&["restore", copy.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--replace"));
    assert!(
        haven(&["restore", "--replace", copy.to_str().unwrap()])
            .status
            .success()
    );

    let back = connect_and_migrate(&restored_url).await.unwrap();
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let found = app::server::entities::post::Entity::find()
        .filter(app::server::entities::post::Column::Id.is_in(before.clone()))
        .all(&back)
        .await
        .unwrap();
    assert_eq!(
        found.len(),
        before.len(),
        "every reply acknowledged before the backup is in it"
    );
    assert!(app::server::ready(&back).await.is_ok());
    // A backup refuses to overwrite, and PostgreSQL is pointed to pg_dump.
    let exists = haven(&["backup", copy.to_str().unwrap()]);
    assert!(!exists.status.success());
    let pg = std::process::Command::new(env!("CARGO_BIN_EXE_haven"))
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .args(["restore", copy.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&pg.stderr).contains("pg_dump"));
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_read_the_database() {
    let site = sqlite_site(generous()).await;
    let handle = haven_server::metrics::install().expect("the recorder installs");
    let metrics = haven_server::metrics::router(site.db.clone(), handle);
    for _ in 0..3 {
        send(&site.app, "GET", "/healthz", None, None, &[]).await;
    }
    send(&site.app, "GET", "/api/v1/topics/1", None, None, &[]).await;
    let scraped = send(&metrics, "GET", "/metrics", None, None, &[]).await;
    assert_eq!(scraped.status, StatusCode::OK);
    let text = scraped.text;
    let value = |prefix: &str| {
        text.lines()
            .find(|l| l.starts_with(prefix))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or_else(|| panic!("{prefix} missing:\n{text}"))
    };
    // Other tests in this binary may have counted too: at least ours.
    assert!(
        value(r#"haven_http_requests_total{method="GET",route="/healthz",status="200"}"#) >= 3.0
    );
    // By pattern, never by the id in the path.
    assert!(text.contains(r#"route="/api/v1/topics/{id}""#), "{text}");
    assert!(
        text.contains("haven_http_request_duration_seconds_bucket"),
        "{text}"
    );
    assert_eq!(value("haven_queue_open_items"), 0.0);
    assert!(value("haven_search_outbox_backlog") >= 0.0);
    assert!(value(r#"haven_db_pool_connections{state="idle"}"#) >= 0.0);
    site.finish().await;
}

/// An active person stays logged in: the first request of a day moves the
/// session's 30-day expiry forward; later requests that day write nothing.
#[tokio::test]
async fn active_sessions_are_extended_once_a_day() {
    use app::server::session_store::DbSessionStore;
    use tower_sessions::session::Id;
    use tower_sessions::session_store::SessionStore;
    for (name, site) in common::sites(generous()).await {
        let cookie = common::login(&site.app, "max_member").await;
        let id: Id = cookie.split_once('=').unwrap().1.parse().unwrap();
        let store = DbSessionStore::new(site.db.clone());
        let in_days = |days: i64| time::OffsetDateTime::now_utc() + time::Duration::days(days);
        // 29 days later: one day left, last extended long ago.
        let mut record = store.load(&id).await.unwrap().expect("session");
        record.expiry_date = in_days(1);
        record.data.insert("day".into(), json!(0));
        store.save(&record).await.unwrap();
        let me = send(&site.app, "GET", "/api/v1/me", Some(&cookie), None, &[]).await;
        assert_eq!(me.status, StatusCode::OK, "{name}");
        let extended = store.load(&id).await.unwrap().unwrap().expiry_date;
        assert!(
            extended > in_days(29),
            "{name}: expiry not moved: {extended}"
        );
        // Later the same day: no write (the expiry set below stays).
        let mut record = store.load(&id).await.unwrap().unwrap();
        record.expiry_date = in_days(5);
        store.save(&record).await.unwrap();
        send(&site.app, "GET", "/api/v1/me", Some(&cookie), None, &[]).await;
        send(&site.app, "GET", "/", Some(&cookie), None, &[]).await;
        let kept = store.load(&id).await.unwrap().unwrap().expiry_date;
        assert!(kept < in_days(6), "{name}: written again the same day");
        site.finish().await;
    }
}

/// A person's mistakes through server functions are 4xx, as through the
/// JSON API; only the server's own failures are 5xx.
#[tokio::test]
async fn server_function_errors_carry_their_status() {
    use common::call_fn;
    let site = sqlite_site(generous()).await;
    let app = &site.app;
    let max = common::login(app, "max_member").await;
    // (server function, session cookie, form fields, expected status)
    type Case<'a> = (
        &'a str,
        Option<&'a str>,
        Vec<(&'a str, &'a str)>,
        StatusCode,
    );
    let cases: Vec<Case> = vec![
        // Not logged in.
        (
            "/fn/reply",
            None,
            vec![("topic_id", "1"), ("body", "hi")],
            StatusCode::UNAUTHORIZED,
        ),
        // Validation: an empty title and body.
        (
            "/fn/create_topic",
            Some(&max),
            vec![("forum", "anxiety-and-stress"), ("title", ""), ("body", "")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        // A forum that does not exist.
        (
            "/fn/forum_page",
            None,
            vec![("slug", "no-such-forum")],
            StatusCode::NOT_FOUND,
        ),
        // A member may not start a guideline topic.
        (
            "/fn/create_topic",
            Some(&max),
            vec![
                ("forum", "community-guidelines"),
                ("title", "Rules"),
                ("body", "Mine"),
            ],
            StatusCode::FORBIDDEN,
        ),
        // A missing argument, and one that is not a number.
        ("/fn/quote", None, vec![], StatusCode::BAD_REQUEST),
        (
            "/fn/quote",
            None,
            vec![("post_id", "one")],
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (endpoint, cookie, args, status) in cases {
        let reply = call_fn(app, endpoint, cookie, &args).await;
        assert_eq!(reply.status, status, "{endpoint} {args:?}: {}", reply.text);
    }
    // And a real failure is still a 500, with the request id to report.
    use sea_orm::ConnectionTrait;
    site.db
        .execute_unprepared("ALTER TABLE forums RENAME TO forums_away")
        .await
        .unwrap();
    let broken = call_fn(app, "/fn/forums", None, &[]).await;
    assert_eq!(
        broken.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        broken.text
    );
    assert!(broken.text.contains("Internal"), "{}", broken.text);
    site.db
        .execute_unprepared("ALTER TABLE forums_away RENAME TO forums")
        .await
        .unwrap();
}

/// Routers built while pages are being rendered never stall a page. Leptos
/// suspends every resource first polled while a route list is generated
/// (a process-wide flag), so generating one per router hung a page now and
/// then whenever a test built its site while another rendered (CI ran out
/// of time twice on this); the route list is now generated once per
/// process. Routers are built on one thread while the home page and a
/// topic are rendered on another, and every page must finish.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn building_routers_never_stalls_a_page_being_rendered() {
    let site = sqlite_site(generous()).await;
    let db = site.db.clone();
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    // Stops the builder however the test ends (a failed page included),
    // or the runtime would wait for it forever.
    struct Stop(Arc<std::sync::atomic::AtomicBool>);
    impl Drop for Stop {
        fn drop(&mut self) {
            self.0.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
    let stop = Stop(done.clone());
    let builder = {
        let done = done.clone();
        tokio::task::spawn_blocking(move || {
            let mut built = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                drop(router(db.clone(), config(generous())));
                built += 1;
            }
            built
        })
    };
    for round in 0..40 {
        let path = if round % 2 == 0 {
            "/"
        } else {
            "/f/anxiety-and-stress"
        };
        let page = tokio::time::timeout(
            std::time::Duration::from_secs(30),
            send(&site.app, "GET", path, None, None, &[]),
        )
        .await
        .unwrap_or_else(|_| panic!("GET {path} (round {round}) never finished"));
        assert_eq!(page.status, StatusCode::OK, "GET {path}");
        assert!(page.text.contains("</html>"), "GET {path}: {}", page.text);
    }
    drop(stop);
    let built = builder.await.unwrap();
    assert!(built > 1, "routers were built alongside: {built}");
    site.finish().await;
}

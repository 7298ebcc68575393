//! The `haven` binary's commands, run as a person would run them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

// The Meilisearch cassettes and their player, shared with the app's tests.
#[path = "../../app/tests/recorded/mod.rs"]
mod recorded;

use app::model::Role;
use app::server::services::base::people;
use app::server::{
    connect_and_migrate,
    entities::{post, topic, user},
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn haven(db_url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_haven"));
    cmd.env("DATABASE_URL", db_url)
        .env("RUST_LOG", "warn")
        .env_remove("HAVEN_STAFF_PASSWORD");
    cmd
}

#[test]
fn help_documents_every_command_and_setting() {
    let out = Command::new(env!("CARGO_BIN_EXE_haven"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    for word in [
        "serve",
        "migrate",
        "seed",
        "create-staff",
        "--database-url",
        "DATABASE_URL",
    ] {
        assert!(help.contains(word), "--help lacks {word}:\n{help}");
    }
    let serve = Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let serve = String::from_utf8(serve.stdout).unwrap();
    for word in [
        "LEPTOS_SITE_ADDR",
        "LEPTOS_SITE_ROOT",
        "--site-addr",
        "--site-root",
    ] {
        assert!(serve.contains(word), "serve --help lacks {word}:\n{serve}");
    }
}

#[tokio::test]
async fn create_staff_and_seed_write_to_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cli.db").display());

    let made = haven(&url)
        .args([
            "create-staff",
            "--username",
            "head_of_safety",
            "--birth-date",
            "1980-02-02",
        ])
        .env("HAVEN_STAFF_PASSWORD", "a very long staff password")
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );

    let fifteen = app::server::seed::born_years_ago(15);
    let teen = haven(&url)
        .args([
            "create-staff",
            "--username",
            "too_young",
            "--birth-date",
            &fifteen,
        ])
        .env("HAVEN_STAFF_PASSWORD", "a very long staff password")
        .output()
        .unwrap();
    assert!(!teen.status.success());
    assert!(String::from_utf8_lossy(&teen.stderr).contains("adults"));

    let seeded = haven(&url)
        .args(["seed", "--topics", "3", "--replies", "2"])
        .output()
        .unwrap();
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );

    let db = connect_and_migrate(&url).await.unwrap();
    let staff = user::Entity::find()
        .filter(user::Column::UsernameKey.eq("head_of_safety"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(staff.role, Role::Staff);
    assert!(staff.password_hash.starts_with("$argon2id$"));

    // A forgotten password is reset from the command line, and audited.
    let short = haven(&url)
        .args(["reset-password", "--username", "head_of_safety"])
        .env("HAVEN_NEW_PASSWORD", "short")
        .output()
        .unwrap();
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("password: Use 10"));
    let reset = haven(&url)
        .args(["reset-password", "--username", "Head_Of_Safety"])
        .env("HAVEN_NEW_PASSWORD", "another long password")
        .output()
        .unwrap();
    assert!(
        reset.status.success(),
        "{}",
        String::from_utf8_lossy(&reset.stderr)
    );
    assert!(
        app::server::services::accounts::authenticate(
            &db,
            "head_of_safety",
            "another long password"
        )
        .await
        .is_ok()
    );
    let audited = app::server::entities::audit_log::Entity::find()
        .filter(app::server::entities::audit_log::Column::Action.eq("password_reset"))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(audited, 1);
    let synthetic = topic::Entity::find()
        .filter(topic::Column::Title.starts_with("Synthetic topic"))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(synthetic, 3);
    let synthetic_posts = post::Entity::find()
        .filter(post::Column::BodySource.contains("Reply "))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(synthetic_posts, 6);
}

#[test]
fn check_text_reads_json_lines_and_needs_no_database() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("never.db");
    let mut child = haven(&format!("sqlite://{}", db_path.display()))
        .env_remove("HAVEN_ALLOWED_NUMBERS")
        .arg("check-text")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "{\"text\": \"robin dot hood at example dot org\"}\n{\"text\": \"text HELLO to 741741\"}\n"
                .as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["contact"], true);
    assert_eq!(lines[0]["kinds"], serde_json::json!(["email"]));
    assert_eq!(lines[1]["contact"], false, "a crisis line is allowed");
    assert!(!db_path.exists(), "check-text opened the database");
}

#[tokio::test]
async fn reindex_needs_meilisearch_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cli.db").display());
    let out = haven(&url)
        .env_remove("MEILISEARCH_URL")
        .arg("reindex")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("MEILISEARCH_URL is not set"), "{err}");
}

/// `haven reindex` against recorded Meilisearch exchanges (or the real
/// server when MEILISEARCH_URL is set): it creates the index with its
/// settings and sends every post. (Multi-threaded: the binary is waited
/// for with a blocking call while the cassette player answers it.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reindex_against_recorded_meilisearch_exchanges_sends_every_post() {
    use app::model::Restriction;
    use app::server::services::{accounts, posts, topics};
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cli.db").display());
    let db = connect_and_migrate(&url).await.unwrap();
    {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        app::server::entities::forum::ActiveModel {
            slug: Set("open".into()),
            name: Set("Open".into()),
            description: Set(String::new()),
            position: Set(0),
            restriction: Set(Restriction::Open),
            created_at: Set(app::server::now()),
            topic_count: Set(0),
            ..Default::default()
        }
        .insert(&db)
        .await
        .unwrap();
    }
    let user = accounts::create_account(
        &db,
        accounts::Registration {
            username: "author".into(),
            password: "correct horse battery".into(),
            birth_date: "1990-01-01".into(),
        },
        app::model::Role::Member,
        false,
    )
    .await
    .unwrap();
    let author = people::load_viewer(&db, user.id).await.unwrap().unwrap();
    let topic = topics::create(&db, Some(&author), "open", "Walks", "a walk by the river")
        .await
        .unwrap();
    posts::reply(&db, Some(&author), topic, "walking again")
        .await
        .unwrap();
    db.close().await.unwrap();

    let recorded = recorded::Recorded::start("cli_reindex").await;
    let out = haven(&url)
        .env("MEILISEARCH_URL", recorded.url())
        .env("MEILISEARCH_INDEX", "haven_test_cli_reindex")
        .arg("reindex")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("reindexed haven_test_cli_reindex: 2 posts sent"),
        "{stdout}"
    );
    recorded.finish();
}

/// A `haven serve` started on a free port, with its output (standard
/// output and error, interleaved) as it comes.
struct Serving {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    /// Everything printed until it listened (or exited).
    seen: String,
    /// `http://127.0.0.1:PORT` once listening.
    address: Option<String>,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serving {
    /// Waits up to `seconds` for a line with `needle`; returns it.
    fn wait_for(&mut self, needle: &str, seconds: u64) -> Option<String> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
        while std::time::Instant::now() < deadline {
            if let Ok(line) = self
                .lines
                .recv_timeout(std::time::Duration::from_millis(100))
            {
                self.seen.push_str(&line);
                self.seen.push('\n');
                if line.contains(needle) {
                    return Some(line);
                }
            }
        }
        None
    }
}

fn serve(url: &str, extra: &[&str], env: &[(&str, &str)]) -> Serving {
    use std::io::{BufRead, BufReader};
    let mut command = haven(url);
    command
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .env_remove("HAVEN_DEMO")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .arg("serve")
        .args(extra)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let tx2 = tx.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx2.send(line);
        }
    });
    let mut serving = Serving {
        child,
        lines: rx,
        seen: String::new(),
        address: None,
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::time::Instant::now() < deadline {
        match serving
            .lines
            .recv_timeout(std::time::Duration::from_millis(200))
        {
            Ok(line) => {
                serving.seen.push_str(&line);
                serving.seen.push('\n');
                if let Some(at) = line.find("Haven is listening on http://") {
                    let rest = &line[at + "Haven is listening on ".len()..];
                    let address: String = rest
                        .chars()
                        .take_while(|c| !c.is_whitespace() && *c != '"')
                        .collect();
                    serving.address = Some(address);
                    return serving;
                }
            }
            Err(_) => {
                if serving.child.try_wait().unwrap().is_some() {
                    std::thread::sleep(std::time::Duration::from_millis(200));
                    while let Ok(line) = serving.lines.try_recv() {
                        serving.seen.push_str(&line);
                        serving.seen.push('\n');
                    }
                    return serving;
                }
            }
        }
    }
    serving
}

/// The request id a person sees on an error page is the id of the log line
/// that explains the failure, and of the response's X-Request-Id; with
/// `--log-format json` every line is a JSON object carrying it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_request_id_on_an_error_page_is_the_one_in_the_log() {
    use sea_orm::ConnectionTrait;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("ids.db").display());
    for format in ["text", "json"] {
        let mut serving = serve(&url, &["--demo", "--log-format", format], &[]);
        let address = serving
            .address
            .clone()
            .unwrap_or_else(|| panic!("{}", serving.seen));
        let client = reqwest::Client::new();
        let fine = client.get(format!("{address}/")).send().await.unwrap();
        assert_eq!(fine.status(), 200);
        assert!(fine.headers().contains_key("x-request-id"));

        // Break the database under the running site.
        let db = connect_and_migrate(&url).await.unwrap();
        db.execute_unprepared("ALTER TABLE forums RENAME TO forums_away")
            .await
            .unwrap();
        let broken = client.get(format!("{address}/")).send().await.unwrap();
        let header = broken.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_string();
        let page = broken.text().await.unwrap();
        let shown = page
            .split("request id ")
            .nth(1)
            .map(|rest| {
                rest.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect::<String>()
            })
            .unwrap_or_else(|| panic!("no request id on the page: {page}"));
        assert_eq!(shown, header, "the page and the response header");
        let logged = serving
            .wait_for(&shown, 10)
            .unwrap_or_else(|| panic!("{shown} not in the log:\n{}", serving.seen));
        assert!(logged.contains("internal error"), "{logged}");
        if format == "json" {
            let line: serde_json::Value = serde_json::from_str(&logged).unwrap();
            assert_eq!(line["fields"]["request_id"], shown.as_str(), "{logged}");
            assert_eq!(line["level"], "ERROR");
        }
        db.execute_unprepared("ALTER TABLE forums_away RENAME TO forums")
            .await
            .unwrap();
        db.close().await.unwrap();
    }
}

#[tokio::test]
async fn production_start_loads_no_demo_and_refuses_published_demo_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("prod.db").display());

    // An empty database, no --demo: nothing is loaded, and the operator is
    // told how to begin.
    let serving = serve(&url, &[], &[]);
    let printed = serving.seen.clone();
    assert!(serving.address.is_some(), "{printed}");
    drop(serving);
    assert!(printed.contains("haven create-staff"), "{printed}");
    assert!(printed.contains("haven create-forum"), "{printed}");
    let db = connect_and_migrate(&url).await.unwrap();
    assert_eq!(
        user::Entity::find().count(&db).await.unwrap(),
        0,
        "demo accounts were loaded"
    );
    assert_eq!(
        app::server::entities::forum::Entity::find()
            .count(&db)
            .await
            .unwrap(),
        0
    );

    // The first forum and staff member, from the command line.
    let forum = haven(&url)
        .args(["create-forum", "--slug", "general", "--name", "General"])
        .output()
        .unwrap();
    assert!(
        forum.status.success(),
        "{}",
        String::from_utf8_lossy(&forum.stderr)
    );
    let again = haven(&url)
        .args(["create-forum", "--slug", "general", "--name", "Another"])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has this address"));
    let bad = haven(&url)
        .args([
            "create-forum",
            "--slug",
            "Not OK",
            "--name",
            "x",
            "--restriction",
            "secret",
        ])
        .output()
        .unwrap();
    let bad = String::from_utf8_lossy(&bad.stderr);
    assert!(
        bad.contains("slug: ") && bad.contains("restriction: "),
        "{bad}"
    );
    let staff = haven(&url)
        .args([
            "create-staff",
            "--username",
            "first_staff",
            "--birth-date",
            "1980-01-01",
        ])
        .env("HAVEN_STAFF_PASSWORD", "a very long staff password")
        .output()
        .unwrap();
    assert!(staff.status.success());
    let serving = serve(&url, &[], &[]);
    let printed = serving.seen.clone();
    assert!(serving.address.is_some(), "{printed}");
    drop(serving);
    assert!(
        !printed.contains("haven create-staff"),
        "told again: {printed}"
    );

    // Demo content in the database: a production start refuses to run...
    let demo_dir = tempfile::tempdir().unwrap();
    let demo_url = format!("sqlite://{}", demo_dir.path().join("demo.db").display());
    assert!(
        haven(&demo_url)
            .arg("seed")
            .output()
            .unwrap()
            .status
            .success()
    );
    let refused = haven(&demo_url)
        .env_remove("HAVEN_DEMO")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .arg("serve")
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("sam_staff") && err.contains("--demo"), "{err}");
    // ... unless it is the demo, asked for by flag or by HAVEN_DEMO=1.
    let serving = serve(&demo_url, &["--demo"], &[]);
    let printed = serving.seen.clone();
    assert!(serving.address.is_some(), "{printed}");
    drop(serving);
    let serving = serve(&demo_url, &[], &[("HAVEN_DEMO", "1")]);
    assert!(serving.address.is_some(), "HAVEN_DEMO=1: {}", serving.seen);
}

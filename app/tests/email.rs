//! E-mail (issue 19): addresses and their confirmation, notification
//! batches by preference (never the text of a hidden post), one-click
//! unsubscribe, password reset by a single-use link, and delivery through
//! a real SMTP server on loopback (`.ci/smtp_sink.py`, aiosmtpd). On SQLite
//! and, when TEST_DATABASE_URL is set, PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration as StdDuration;

use app::error::AppError;
use app::model::{EmailPrefs, Restriction};
use app::server::entities::{email_outbox, email_setting, post};
use app::server::permissions::Viewer;
use app::server::services::base::mail::MailSettings;
use app::server::services::{accounts, email, posts, topics};
use common::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

fn settings() -> MailSettings {
    MailSettings {
        public_url: "http://haven.test".into(),
        batch_every: chrono::Duration::minutes(15),
        grace: chrono::Duration::zero(),
    }
}

/// The e-mails written for `to`, oldest first.
async fn outbox(db: &DatabaseConnection, to: &str) -> Vec<email_outbox::Model> {
    email_outbox::Entity::find()
        .filter(email_outbox::Column::ToAddress.eq(to))
        .order_by_asc(email_outbox::Column::Id)
        .all(db)
        .await
        .unwrap()
}

/// The token after `prefix` in a body (64 hex digits).
fn token_after(body: &str, prefix: &str) -> String {
    let at = body
        .find(prefix)
        .unwrap_or_else(|| panic!("{prefix} in {body}"))
        + prefix.len();
    body[at..at + 64].to_string()
}

/// Gives `who` the address `to` and follows the confirmation link.
async fn confirmed(db: &DatabaseConnection, who: &Viewer, to: &str) {
    email::set_address(db, Some(who), Some(&settings()), to)
        .await
        .unwrap();
    let sent = outbox(db, to).await;
    let token = token_after(&sent.last().unwrap().body, "/email/confirm/");
    email::confirm(db, &token).await.unwrap();
}

/// Makes every notification old enough to be batched again (the batch
/// clock is the database's).
async fn batch_due_again(db: &DatabaseConnection) {
    email_setting::Entity::update_many()
        .col_expr(
            email_setting::Column::BatchSentAt,
            Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .exec(db)
        .await
        .unwrap();
}

#[tokio::test]
async fn only_a_confirmed_address_gets_batches_and_never_a_hidden_posts_text() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let alice = member(db, "alice").await;
        let bob = member(db, "bob").await;
        let topic = topics::create(db, Some(&bob), "talk", "Nights", "Hard ones.")
            .await
            .unwrap();

        // Without SMTP nothing can be set up.
        assert!(matches!(
            email::set_address(db, Some(&bob), None, "bob@example.org").await,
            Err(AppError::Forbidden(_))
        ));
        assert!(
            !email::settings(db, Some(&bob), None)
                .await
                .unwrap()
                .available
        );
        assert!(matches!(
            email::set_address(db, Some(&bob), Some(&settings()), "bob at example").await,
            Err(AppError::Validation(_))
        ));

        email::set_address(db, Some(&bob), Some(&settings()), "bob@example.org")
            .await
            .unwrap();
        let view = email::settings(db, Some(&bob), Some(&settings()))
            .await
            .unwrap();
        assert_eq!(
            view.address.as_deref(),
            Some("bob@example.org"),
            "{}",
            t.name
        );
        assert!(!view.confirmed);
        posts::reply(db, Some(&alice), topic, "@bob first words FIRST-TEXT")
            .await
            .unwrap();
        // Unconfirmed: only the confirmation link was written.
        assert_eq!(email::compose_batches(db, &settings()).await.unwrap(), 0);
        let sent = outbox(db, "bob@example.org").await;
        assert_eq!(sent.len(), 1, "{}", t.name);
        assert!(sent[0].body.contains("http://haven.test/email/confirm/"));
        let token = token_after(&sent[0].body, "/email/confirm/");
        assert!(email::confirmation_pending(db, &token).await.unwrap());
        email::confirm(db, &token).await.unwrap();
        assert!(matches!(
            email::confirm(db, &token).await,
            Err(AppError::Conflict(_))
        ));
        assert!(!email::confirmation_pending(db, &token).await.unwrap());

        // A second mention, hidden by a moderator before the batch.
        let hidden = posts::reply(db, Some(&alice), topic, "@bob more words HIDDEN-TEXT")
            .await
            .unwrap();
        post::Entity::update_many()
            .col_expr(post::Column::HiddenAt, Expr::value(app::server::now()))
            .filter(post::Column::Id.eq(hidden.id))
            .exec(db)
            .await
            .unwrap();
        assert_eq!(
            email::compose_batches(db, &settings()).await.unwrap(),
            1,
            "{}",
            t.name
        );
        let sent = outbox(db, "bob@example.org").await;
        let batch = sent.last().unwrap();
        assert_eq!(batch.subject, "2 new notifications on Haven");
        assert!(batch.body.contains("FIRST-TEXT"), "{}", batch.body);
        assert!(!batch.body.contains("HIDDEN-TEXT"), "{}", batch.body);
        assert!(
            batch
                .body
                .contains(&format!("http://haven.test/p/{}", hidden.id))
        );
        let one_click = batch.unsubscribe_url.clone().unwrap();
        assert!(one_click.starts_with("http://haven.test/api/v1/email/unsubscribe/"));
        // Once a batch went out, the next waits `batch_every`; and nothing
        // is e-mailed twice.
        assert_eq!(email::compose_batches(db, &settings()).await.unwrap(), 0);
        batch_due_again(db).await;
        assert_eq!(email::compose_batches(db, &settings()).await.unwrap(), 0);

        // One click: every notification e-mail off.
        let token = token_after(&batch.body, "/email/unsubscribe/");
        email::unsubscribe(db, &token).await.unwrap();
        let prefs = email::settings(db, Some(&bob), Some(&settings()))
            .await
            .unwrap()
            .prefs;
        assert!(!(prefs.mentions || prefs.replies || prefs.reports || prefs.policy));
        assert!(matches!(
            email::unsubscribe(db, &"0".repeat(64)).await,
            Err(AppError::NotFound)
        ));
        t.finish().await;
    }
}

#[tokio::test]
async fn preferences_and_what_was_read_decide_what_is_mailed() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let alice = member(db, "alice").await;
        let bob = member(db, "bob").await;
        let topic = topics::create(db, Some(&bob), "talk", "Nights", "Hard ones.")
            .await
            .unwrap();
        confirmed(db, &bob, "bob@example.org").await;
        // No address: no preferences to set.
        assert!(
            email::set_prefs(db, Some(&alice), EmailPrefs::default())
                .await
                .is_err()
        );
        email::set_prefs(
            db,
            Some(&bob),
            EmailPrefs {
                mentions: false,
                ..EmailPrefs::default()
            },
        )
        .await
        .unwrap();
        // A mention (not wanted by e-mail) and, in another post, a reply.
        posts::reply(db, Some(&alice), topic, "hello @bob MENTION-TEXT")
            .await
            .unwrap();
        posts::reply(db, Some(&alice), topic, "A reply REPLY-TEXT")
            .await
            .unwrap();
        assert_eq!(email::compose_batches(db, &settings()).await.unwrap(), 1);
        let batch = outbox(db, "bob@example.org").await.pop().unwrap();
        assert!(batch.body.contains("REPLY-TEXT"), "{}", batch.body);
        assert!(!batch.body.contains("MENTION-TEXT"), "{}", batch.body);
        assert_eq!(batch.subject, "alice replied to your topic “Nights”");

        // Read on the site first: not e-mailed.
        batch_due_again(db).await;
        posts::reply(db, Some(&alice), topic, "Another SEEN-TEXT")
            .await
            .unwrap();
        app::server::services::notifications::mark_all_read(db, Some(&bob))
            .await
            .unwrap();
        assert_eq!(
            email::compose_batches(db, &settings()).await.unwrap(),
            0,
            "{}",
            t.name
        );

        // Two servers composing at once write one e-mail.
        batch_due_again(db).await;
        posts::reply(db, Some(&alice), topic, "Once RACE-TEXT")
            .await
            .unwrap();
        let runs = (0..2).map(|_| {
            let db = db.clone();
            tokio::spawn(async move { email::compose_batches(&db, &settings()).await })
        });
        let mut total = 0;
        for run in runs {
            total += run.await.unwrap().unwrap_or(0);
        }
        assert_eq!(total, 1, "{}", t.name);
        let race: Vec<_> = outbox(db, "bob@example.org")
            .await
            .into_iter()
            .filter(|m| m.body.contains("RACE-TEXT"))
            .collect();
        assert_eq!(race.len(), 1, "{}", t.name);
        t.finish().await;
    }
}

#[tokio::test]
async fn a_reset_link_works_once_even_when_used_twice_at_once() {
    for t in databases().await {
        let db = &t.db;
        let bob = member(db, "bob").await;
        let carol = member(db, "carol").await;
        // Without SMTP: staff reset passwords.
        assert!(matches!(
            accounts::request_password_reset(db, None, "bob").await,
            Err(AppError::Forbidden(_))
        ));
        // No confirmed address: nothing sent, and nothing said about it.
        email::set_address(db, Some(&carol), Some(&settings()), "carol@example.org")
            .await
            .unwrap();
        accounts::request_password_reset(db, Some(&settings()), "carol")
            .await
            .unwrap();
        assert_eq!(
            outbox(db, "carol@example.org").await.len(),
            1,
            "only the confirmation"
        );
        accounts::request_password_reset(db, Some(&settings()), "nobody-here")
            .await
            .unwrap();

        confirmed(db, &bob, "Bob@Example.org").await;
        accounts::request_password_reset(db, Some(&settings()), "BOB")
            .await
            .unwrap();
        // Asked again at once (by name or address): the first link stands.
        accounts::request_password_reset(db, Some(&settings()), "bob@example.org")
            .await
            .unwrap();
        let sent = outbox(db, "Bob@Example.org").await;
        let resets: Vec<_> = sent
            .iter()
            .filter(|m| m.subject == "Reset your Haven password")
            .collect();
        assert_eq!(resets.len(), 1, "{}", t.name);
        let token = token_after(&resets[0].body, "/password/reset/");
        assert!(accounts::reset_link_valid(db, &token).await.unwrap());
        assert!(matches!(
            accounts::reset_password_with_link(db, &token, "short").await,
            Err(AppError::Validation(_))
        ));

        let tries = (0..8).map(|n| {
            let (db, token) = (db.clone(), token.clone());
            tokio::spawn(async move {
                accounts::reset_password_with_link(&db, &token, &format!("new password {n}")).await
            })
        });
        let mut won = Vec::new();
        for (n, attempt) in tries.enumerate() {
            match attempt.await.unwrap() {
                Ok(()) => won.push(n),
                Err(AppError::Conflict(_)) => {}
                Err(other) => panic!("{}: {other:?}", t.name),
            }
        }
        assert_eq!(won.len(), 1, "{}: exactly one reset", t.name);
        assert!(!accounts::reset_link_valid(db, &token).await.unwrap());
        accounts::authenticate(db, "bob", &format!("new password {}", won[0]))
            .await
            .unwrap();
        assert!(
            accounts::authenticate(db, "bob", "correct horse battery")
                .await
                .is_err()
        );
        t.finish().await;
    }
}

/// The SMTP sink: a real server on a free loopback port, writing what it
/// receives, decoded, as JSON files in a folder.
struct Sink {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Sink {
    fn start() -> Sink {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.ci/smtp_sink.py");
        // Debian's Python, where python3-aiosmtpd is installed (.ci/test
        // installs it).
        let python = ["/usr/bin/python3", "python3"]
            .into_iter()
            .find(|p| !p.starts_with('/') || Path::new(p).exists())
            .unwrap();
        let mut child = Command::new(python)
            .arg(script)
            .arg(port.to_string())
            .arg(dir.path())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 for the SMTP sink");
        // It prints one line once it listens.
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut line,
        )
        .unwrap();
        assert!(
            line.contains("listening"),
            "the SMTP sink did not start (is python3-aiosmtpd installed?): {line:?}"
        );
        Sink { child, port, dir }
    }

    /// The messages received so far, oldest first.
    fn received(&self) -> Vec<serde_json::Value> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|f| serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap())
            .collect()
    }

    /// Waits for `n` messages.
    async fn wait_for(&self, n: usize) -> Vec<serde_json::Value> {
        for _ in 0..100 {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(StdDuration::from_millis(50)).await;
        }
        panic!("expected {n} e-mails, got {:?}", self.received());
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn mention_and_reset_emails_arrive_over_smtp_without_hidden_text() {
    let sink = Sink::start();
    let smtp = email::Smtp::new(
        &format!("smtp://127.0.0.1:{}", sink.port),
        "Haven <noreply@haven.test>",
    )
    .unwrap();
    for t in databases().await {
        let db = &t.db;
        let before = sink.received().len();
        make_forum(db, "talk", Restriction::Open).await;
        let alice = member(db, "alice").await;
        let bob = member(db, "bob").await;
        let address = format!("bob-{}@example.org", t.name);
        let topic = topics::create(db, Some(&alice), "talk", "Nights", "Hard ones.")
            .await
            .unwrap();
        confirmed(db, &bob, &address).await;
        posts::reply(db, Some(&alice), topic, "@bob you are not alone SHOWN-TEXT")
            .await
            .unwrap();
        let hidden = posts::reply(db, Some(&alice), topic, "@bob secret HIDDEN-TEXT")
            .await
            .unwrap();
        post::Entity::update_many()
            .col_expr(post::Column::HiddenAt, Expr::value(app::server::now()))
            .filter(post::Column::Id.eq(hidden.id))
            .exec(db)
            .await
            .unwrap();
        email::compose_batches(db, &settings()).await.unwrap();
        accounts::request_password_reset(db, Some(&settings()), "bob")
            .await
            .unwrap();
        // Confirmation, notification batch, reset link.
        assert_eq!(
            email::deliver_due(db, &smtp).await.unwrap(),
            3,
            "{}",
            t.name
        );
        assert_eq!(email::deliver_due(db, &smtp).await.unwrap(), 0, "sent once");
        let got = sink.wait_for(before + 3).await;
        let mine: Vec<&serde_json::Value> = got[before..]
            .iter()
            .filter(|m| m["to"][0] == address.as_str())
            .collect();
        assert_eq!(mine.len(), 3, "{}: {got:?}", t.name);
        let mention = mine
            .iter()
            .find(|m| m["subject"] == "2 new notifications on Haven")
            .expect("the mention batch");
        let body = mention["body"].as_str().unwrap();
        assert!(body.contains("alice mentioned you in “Nights”"), "{body}");
        assert!(body.contains("SHOWN-TEXT"), "{body}");
        for m in &mine {
            assert!(!m.to_string().contains("HIDDEN-TEXT"), "{m}");
            assert_eq!(m["headers"]["From"], "Haven <noreply@haven.test>");
        }
        assert_eq!(
            mention["headers"]["List-Unsubscribe-Post"],
            "List-Unsubscribe=One-Click"
        );
        assert!(
            mention["headers"]["List-Unsubscribe"]
                .as_str()
                .unwrap()
                .starts_with("<http://haven.test/api/v1/email/unsubscribe/")
        );
        let reset = mine
            .iter()
            .find(|m| m["subject"] == "Reset your Haven password")
            .expect("the reset e-mail");
        let token = token_after(reset["body"].as_str().unwrap(), "/password/reset/");
        accounts::reset_password_with_link(db, &token, "a brand new password")
            .await
            .unwrap();
        accounts::authenticate(db, "bob", "a brand new password")
            .await
            .unwrap();
        t.finish().await;
    }
}

#[tokio::test]
async fn an_unreachable_smtp_server_delays_mail_and_keeps_it() {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let smtp = email::Smtp::new(&format!("smtp://127.0.0.1:{port}"), "noreply@haven.test").unwrap();
    for t in databases().await {
        let db = &t.db;
        let bob = member(db, "bob").await;
        email::set_address(db, Some(&bob), Some(&settings()), "bob@example.org")
            .await
            .unwrap();
        assert_eq!(email::deliver_due(db, &smtp).await.unwrap(), 0);
        let kept = outbox(db, "bob@example.org").await;
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].attempts, 1, "{}", t.name);
        assert!(kept[0].sent_at.is_none() && kept[0].last_error.is_some());
        // Not retried before its time.
        assert_eq!(email::deliver_due(db, &smtp).await.unwrap(), 0);
        assert_eq!(outbox(db, "bob@example.org").await[0].attempts, 1);
        t.finish().await;
    }
}

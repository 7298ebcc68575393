//! Real databases for the integration tests: a fresh SQLite file for every
//! test, and a fresh PostgreSQL database when TEST_DATABASE_URL (or
//! DATABASE_URL) names a PostgreSQL server.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

#[path = "drop_database.rs"]
mod drop_database;
use drop_database::drop_database_now;

use app::model::{Restriction, Role};
use app::server::connect_and_migrate;
use app::server::entities::forum;
use app::server::permissions::Viewer;
use app::server::services::accounts::{self, Registration};
use app::server::services::base::people;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, Database, DatabaseConnection};

/// One database under test; dropping it removes a PostgreSQL database again.
pub struct TestDb {
    pub name: &'static str,
    pub db: DatabaseConnection,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    /// Drops the PostgreSQL database (a SQLite file goes with its folder).
    pub async fn finish(mut self) {
        let _ = self.db.clone().close().await;
        if let Some((admin_url, name)) = self.pg.take()
            && let Ok(admin) = Database::connect(admin_url).await
        {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await;
        }
    }
}

fn postgres_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .or_else(|| std::env::var("DATABASE_URL").ok())
        .filter(|u| u.starts_with("postgres"))
}

/// Every database the tests should run against.
pub async fn databases() -> Vec<TestDb> {
    // An internal error in a test says why in its captured output.
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("haven.db").display());
    let sqlite = connect_and_migrate(&url).await.expect("sqlite");
    let mut dbs = vec![TestDb {
        name: "sqlite",
        db: sqlite,
        _dir: Some(dir),
        pg: None,
    }];
    if let Some(admin_url) = postgres_url() {
        let name = format!("haven_test_{}", uuid_like());
        let admin = Database::connect(&admin_url)
            .await
            .expect("postgres admin connection");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create database");
        let _ = admin.close().await;
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b.to_string())
            .expect("postgres url has a database");
        let db = connect_and_migrate(&format!("{base}/{name}"))
            .await
            .expect("postgres");
        dbs.push(TestDb {
            name: "postgres",
            db,
            _dir: None,
            pg: Some((admin_url, name)),
        });
    }
    dbs
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{}_{}", std::process::id(), nanos)
}

pub async fn make_forum(
    db: &DatabaseConnection,
    slug: &str,
    restriction: Restriction,
) -> forum::Model {
    forum::ActiveModel {
        slug: Set(slug.into()),
        name: Set(slug.replace('-', " ")),
        description: Set(String::new()),
        position: Set(0),
        restriction: Set(restriction),
        created_at: Set(app::server::now()),
        topic_count: Set(0),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("forum")
}

/// Creates a person and returns them as a viewer.
pub async fn person(
    db: &DatabaseConnection,
    name: &str,
    role: Role,
    listener: bool,
    birth: &str,
) -> Viewer {
    let user = accounts::create_account(
        db,
        Registration {
            username: name.into(),
            password: "correct horse battery".into(),
            birth_date: birth.into(),
        },
        role,
        listener,
    )
    .await
    .expect("account");
    people::load_viewer(db, user.id)
        .await
        .expect("load")
        .expect("viewer")
}

pub async fn member(db: &DatabaseConnection, name: &str) -> Viewer {
    person(db, name, Role::Member, false, "1995-05-05").await
}

pub async fn teen(db: &DatabaseConnection, name: &str) -> Viewer {
    let birth = (chrono::Utc::now().date_naive() - chrono::Duration::days(15 * 365))
        .format("%Y-%m-%d")
        .to_string();
    person(db, name, Role::Member, false, &birth).await
}

pub async fn staff(db: &DatabaseConnection, name: &str) -> Viewer {
    person(db, name, Role::Staff, false, "1980-01-01").await
}

/// Makes `who` an established member: a day old, with a published post.
pub async fn established(db: &DatabaseConnection, who: &Viewer) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    app::server::entities::user::Entity::update_many()
        .col_expr(
            app::server::entities::user::Column::CreatedAt,
            sea_orm::sea_query::Expr::value(app::server::now() - chrono::Duration::days(3)),
        )
        .filter(app::server::entities::user::Column::Id.eq(who.id))
        .exec(db)
        .await
        .unwrap();
    let _ = app::server::services::topics::create(
        db,
        Some(who),
        "talk",
        &format!("Hello from {}", who.username),
        "Glad to be here.",
    )
    .await;
}

/// A test that failed before `finish` leaves no database behind.
impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.pg.take() {
            drop_database_now(admin, name);
        }
    }
}

/// Waits for tasks started together; what each gave, in the order given.
pub async fn joined<T>(tasks: impl IntoIterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for task in tasks {
        out.push(task.await.unwrap());
    }
    out
}

/// Of the same decision sent several times at once, exactly one stands and
/// the others are refused as a conflict.
pub fn assert_one_stands<T: std::fmt::Debug>(
    db_name: &str,
    outcomes: &[Result<T, app::error::AppError>],
) {
    assert_eq!(
        outcomes.iter().filter(|o| o.is_ok()).count(),
        1,
        "{db_name}: {outcomes:?}"
    );
    assert!(
        outcomes
            .iter()
            .all(|o| o.is_ok() || matches!(o, Err(app::error::AppError::Conflict(_)))),
        "{db_name}: {outcomes:?}"
    );
}

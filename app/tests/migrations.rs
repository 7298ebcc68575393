//! Every migration has a real `down`: the schema rolls back to nothing and
//! forward again on each database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use migrations::{Migrator, MigratorTrait};
use sea_orm_migration::SchemaManager;

#[tokio::test]
async fn migrations_roll_back_and_forward() {
    for t in common::databases().await {
        let manager = SchemaManager::new(&t.db);
        assert!(manager.has_table("posts").await.unwrap(), "{}", t.name);
        Migrator::down(&t.db, None).await.unwrap();
        for table in [
            "users",
            "forums",
            "topics",
            "posts",
            "upvotes",
            "notifications",
            "sessions",
            "queue_items",
            "flags",
            "sanctions",
            "audit_log",
        ] {
            assert!(
                !manager.has_table(table).await.unwrap(),
                "{}: {table} left after down",
                t.name
            );
        }
        Migrator::up(&t.db, None).await.unwrap();
        assert!(manager.has_table("sessions").await.unwrap());
        t.finish().await;
    }
}

/// One PRAGMA's value on the connection that `txn` holds.
async fn pragma<T: sea_orm::TryGetable>(txn: &sea_orm::DatabaseTransaction, name: &str) -> T {
    use sea_orm::{ConnectionTrait, Statement};
    txn.query_one_raw(Statement::from_string(
        sea_orm::DbBackend::Sqlite,
        format!("PRAGMA {name}"),
    ))
    .await
    .unwrap()
    .unwrap_or_else(|| panic!("PRAGMA {name} returned nothing"))
    .try_get_by_index::<T>(0)
    .unwrap()
}

/// SQLite settings are per connection: every connection of the pool must
/// have them, not only the first (four transactions at once hold four).
#[tokio::test]
async fn every_sqlite_connection_has_wal_foreign_keys_and_memory_mapping() {
    use sea_orm::TransactionTrait;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("pool.db").display());
    let db = app::server::connect_and_migrate(&url).await.unwrap();
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(db.begin().await.unwrap());
    }
    for txn in &held {
        assert_eq!(pragma::<i64>(txn, "foreign_keys").await, 1);
        assert_eq!(pragma::<String>(txn, "journal_mode").await, "wal");
        assert_eq!(pragma::<i64>(txn, "busy_timeout").await, 5000);
        assert!(pragma::<i64>(txn, "mmap_size").await > 0);
    }
    for txn in held {
        txn.rollback().await.unwrap();
    }
}

/// Step 9 turns "one open item per post" and "one open report per person
/// and post" into unique indexes; rows that broke them before (possible on
/// PostgreSQL under simultaneous reports) are merged, not lost.
#[tokio::test]
async fn open_items_and_reports_broken_before_step_nine_are_merged() {
    use sea_orm::{ConnectionTrait, Statement};
    for t in common::databases().await {
        let db = &t.db;
        let forum = common::make_forum(db, "open", app::model::Restriction::Open).await;
        let author = common::member(db, "author").await;
        let (a, b) = (
            common::member(db, "first").await,
            common::member(db, "second").await,
        );
        let topic =
            app::server::services::topics::create(db, Some(&author), "open", "Title", "Body")
                .await
                .unwrap();
        let post = app::server::services::topics::page(db, Some(&author), topic, None)
            .await
            .unwrap()
            .posts[0]
            .id;
        // Back to before step 9 (undoing the later steps too), then write
        // what it forbids.
        let since_nine = Migrator::migrations()
            .iter()
            .rev()
            .position(|m| m.name() == "m20261202_000009_open_item_invariants")
            .expect("step 9")
            + 1;
        Migrator::down(db, Some(since_nine as u32)).await.unwrap();
        let run = |sql: String| async move {
            db.execute_raw(Statement::from_string(db.get_database_backend(), sql))
                .await
                .unwrap();
        };
        let now = "'2026-12-01 10:00:00+00'";
        for item in [1, 2] {
            run(format!(
                "INSERT INTO queue_items (id, post_id, forum_id, status, score, snapshot, escalation, created_at, source, rules)
                 VALUES ({item}, {post}, {}, 'open', 0, 'x', 'none', {now}, 'flags', '')",
                forum.id
            ))
            .await;
        }
        for (id, item, flagger, weight) in [(1, 1, a.id, 1), (2, 2, b.id, 1), (3, 2, b.id, 1)] {
            run(format!(
                "INSERT INTO flags (id, item_id, post_id, flagger_id, reason, note, weight, status, created_at)
                 VALUES ({id}, {item}, {post}, {flagger}, 'spam', '', {weight}, 'open', {now})"
            ))
            .await;
        }
        Migrator::up(db, None).await.unwrap();
        let one = |sql: &str| {
            let sql = sql.to_string();
            async move {
                db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
                    .await
                    .unwrap()
                    .unwrap()
                    .try_get_by_index::<i64>(0)
                    .unwrap()
            }
        };
        assert_eq!(
            one("SELECT COUNT(*) FROM queue_items WHERE status = 'open'").await,
            1,
            "{}",
            t.name
        );
        assert_eq!(
            one("SELECT CAST(MIN(id) AS BIGINT) FROM queue_items WHERE status = 'open'").await,
            1
        );
        // Both people's reports now sit on the kept item; the second
        // person's duplicate is withdrawn; the score counts the two.
        assert_eq!(
            one("SELECT COUNT(*) FROM flags WHERE item_id = 1 AND status = 'open'").await,
            2
        );
        assert_eq!(
            one("SELECT COUNT(*) FROM flags WHERE status = 'withdrawn'").await,
            1
        );
        assert_eq!(
            one("SELECT CAST(score AS BIGINT) FROM queue_items WHERE id = 1").await,
            2
        );
        // And the database now refuses a second open item for the post.
        let again = db
            .execute_raw(Statement::from_string(
                db.get_database_backend(),
                format!(
                    "INSERT INTO queue_items (id, post_id, forum_id, status, score, snapshot, escalation, created_at, source, rules)
                     VALUES (100, {post}, {}, 'open', 0, 'x', 'none', {now}, 'flags', '')",
                    forum.id
                ),
            ))
            .await;
        assert!(
            again.is_err(),
            "{}: a second open item was accepted",
            t.name
        );
        t.finish().await;
    }
}

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

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

//! The search outbox: which posts Meilisearch still has to hear about.
//!
//! Triggers write it in the same transaction as the change itself, so no
//! code path can forget it and a rolled-back post leaves nothing behind.
//! It is a set, one row per post (`version` counts changes since the row
//! was queued): a worker reads each post's current state when it delivers,
//! so ten edits during an outage are one update afterwards, and the table
//! never holds more rows than there are posts. A deleted post keeps its row
//! until the index has forgotten it.
//!
//! `due_at` (milliseconds since the epoch; 0 = now) is when the row may be
//! tried next: the worker pushes it forward while it holds the row (a
//! lease) and after a failure (backoff); `attempts` and `last_error` say
//! why a row is waiting.
//!
//! Queued: a post's insert, edit, hide or unhide, review change, move and
//! delete; a topic's title, forum or review change (for all its posts).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::run;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "CREATE TABLE search_outbox (
    post_id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    attempts INTEGER NOT NULL DEFAULT 0,
    due_at BIGINT NOT NULL DEFAULT 0,
    last_error TEXT
)";
const DUE_INDEX: &str = "CREATE INDEX idx_search_outbox_due ON search_outbox (due_at)";

const SQLITE_UP: &[&str] = &[
    TABLE,
    DUE_INDEX,
    "CREATE TRIGGER search_outbox_post_insert AFTER INSERT ON posts BEGIN
        INSERT INTO search_outbox (post_id) VALUES (new.id)
        ON CONFLICT (post_id) DO UPDATE SET version = search_outbox.version + 1;
    END",
    "CREATE TRIGGER search_outbox_post_update
        AFTER UPDATE OF body_source, hidden_at, review, topic_id, author_id ON posts BEGIN
        INSERT INTO search_outbox (post_id) VALUES (new.id)
        ON CONFLICT (post_id) DO UPDATE SET version = search_outbox.version + 1;
    END",
    "CREATE TRIGGER search_outbox_post_delete AFTER DELETE ON posts BEGIN
        INSERT INTO search_outbox (post_id) VALUES (old.id)
        ON CONFLICT (post_id) DO UPDATE SET version = search_outbox.version + 1;
    END",
    "CREATE TRIGGER search_outbox_topic_update
        AFTER UPDATE OF title, forum_id, review ON topics BEGIN
        INSERT INTO search_outbox (post_id) SELECT id FROM posts WHERE topic_id = new.id
        ON CONFLICT (post_id) DO UPDATE SET version = search_outbox.version + 1;
    END",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS search_outbox_topic_update",
    "DROP TRIGGER IF EXISTS search_outbox_post_delete",
    "DROP TRIGGER IF EXISTS search_outbox_post_update",
    "DROP TRIGGER IF EXISTS search_outbox_post_insert",
    "DROP TABLE IF EXISTS search_outbox",
];

const POSTGRES_UP: &[&str] = &[
    TABLE,
    DUE_INDEX,
    "CREATE FUNCTION haven_search_outbox_post() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_outbox (post_id)
            VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END)
        ON CONFLICT (post_id) DO UPDATE SET version = search_outbox.version + 1;
        RETURN NULL;
    END $$",
    "CREATE TRIGGER search_outbox_post_change
        AFTER INSERT OR DELETE OR UPDATE OF body_source, hidden_at, review, topic_id, author_id
        ON posts FOR EACH ROW EXECUTE FUNCTION haven_search_outbox_post()",
    "CREATE FUNCTION haven_search_outbox_topic() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_outbox (post_id) SELECT id FROM posts WHERE topic_id = NEW.id
        ON CONFLICT (post_id) DO UPDATE SET version = search_outbox.version + 1;
        RETURN NULL;
    END $$",
    "CREATE TRIGGER search_outbox_topic_change
        AFTER UPDATE OF title, forum_id, review ON topics
        FOR EACH ROW EXECUTE FUNCTION haven_search_outbox_topic()",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS search_outbox_topic_change ON topics",
    "DROP FUNCTION IF EXISTS haven_search_outbox_topic()",
    "DROP TRIGGER IF EXISTS search_outbox_post_change ON posts",
    "DROP FUNCTION IF EXISTS haven_search_outbox_post()",
    "DROP TABLE IF EXISTS search_outbox",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        match m.get_database_backend() {
            DbBackend::Sqlite => run(m, SQLITE_UP).await,
            DbBackend::Postgres => run(m, POSTGRES_UP).await,
            other => Err(DbErr::Migration(format!(
                "the search outbox is not available on {other:?}"
            ))),
        }
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        match m.get_database_backend() {
            DbBackend::Sqlite => run(m, SQLITE_DOWN).await,
            DbBackend::Postgres => run(m, POSTGRES_DOWN).await,
            _ => Ok(()),
        }
    }
}

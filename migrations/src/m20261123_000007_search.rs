//! The embedded search index, kept by the database itself so it can never
//! fall behind the posts: every insert, edit and delete of a post updates it
//! in the same statement's transaction.
//!
//! - SQLite: an FTS5 table `search_fts` (title, body; rowid = post id; the
//!   title only on a topic's first post) kept by triggers, and an fts5vocab
//!   view of its words, for typo correction.
//! - PostgreSQL: `posts.search_tsv` (English stemming; title weighted A,
//!   body B) set by a trigger and indexed with GIN, and `search_words`, every
//!   word ever indexed, for typo correction.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::run;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: &[&str] = &[
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON posts BEGIN
        INSERT INTO search_fts(rowid, title, body) VALUES (
            new.id,
            CASE WHEN new.number = 1 THEN (SELECT title FROM topics WHERE id = new.topic_id) ELSE '' END,
            new.body_source);
    END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE OF body_source ON posts BEGIN
        UPDATE search_fts SET body = new.body_source WHERE rowid = new.id;
    END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON posts BEGIN
        DELETE FROM search_fts WHERE rowid = old.id;
    END",
    "INSERT INTO search_fts(rowid, title, body)
        SELECT p.id, CASE WHEN p.number = 1 THEN t.title ELSE '' END, p.body_source
        FROM posts p JOIN topics t ON t.id = p.topic_id",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_vocab",
    "DROP TABLE IF EXISTS search_fts",
];

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE posts ADD COLUMN search_tsv tsvector",
    // Byte order ("C"), so a prefix is a range the primary key can seek.
    "CREATE TABLE search_words (word text COLLATE \"C\" PRIMARY KEY)",
    "CREATE FUNCTION haven_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        heading text := '';
    BEGIN
        IF NEW.number = 1 THEN
            SELECT title INTO heading FROM topics WHERE id = NEW.topic_id;
        END IF;
        NEW.search_tsv :=
            setweight(to_tsvector('english', coalesce(heading, '')), 'A') ||
            setweight(to_tsvector('english', NEW.body_source), 'B');
        INSERT INTO search_words (word)
            SELECT DISTINCT w FROM regexp_split_to_table(lower(coalesce(heading, '') || ' ' || NEW.body_source), '[^[:alnum:]]+') AS w
            WHERE length(w) BETWEEN 3 AND 40
        ON CONFLICT DO NOTHING;
        RETURN NEW;
    END $$",
    "CREATE TRIGGER posts_search_document BEFORE INSERT OR UPDATE OF body_source ON posts
        FOR EACH ROW EXECUTE FUNCTION haven_search_document()",
    // Backfill through the trigger.
    "UPDATE posts SET body_source = body_source",
    "CREATE INDEX idx_posts_search ON posts USING GIN (search_tsv)",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS posts_search_document ON posts",
    "DROP FUNCTION IF EXISTS haven_search_document()",
    "DROP TABLE IF EXISTS search_words",
    "DROP INDEX IF EXISTS idx_posts_search",
    "ALTER TABLE posts DROP COLUMN IF EXISTS search_tsv",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        match m.get_database_backend() {
            DbBackend::Sqlite => run(m, SQLITE_UP).await,
            DbBackend::Postgres => run(m, POSTGRES_UP).await,
            other => Err(DbErr::Migration(format!(
                "search is not available on {other:?}"
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

//! Invariants of the moderation queue, held by the database on SQLite and
//! PostgreSQL alike (they were check-then-insert, safe only under SQLite's
//! `BEGIN IMMEDIATE`):
//!
//! - a post has at most one open queue item;
//! - a person has at most one open report of a post.
//!
//! Partial unique indexes (`… WHERE status = 'open'`): resolved items and
//! decided or withdrawn reports are history, as many as there were. Rows
//! that already break the rule (possible on PostgreSQL under concurrent
//! reports) are merged first: extra open reports by one person are
//! withdrawn; a post's extra open items hand their reports to its oldest
//! open item and are closed, noting the merge; open scores are recounted.

use sea_orm_migration::prelude::*;

use crate::run;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &[&str] = &[
    "UPDATE flags SET status = 'withdrawn'
     WHERE status = 'open'
       AND id NOT IN (SELECT MIN(id) FROM flags WHERE status = 'open' GROUP BY flagger_id, post_id)",
    "UPDATE flags SET item_id = (
         SELECT MIN(q.id) FROM queue_items q WHERE q.post_id = flags.post_id AND q.status = 'open')
     WHERE item_id IN (
         SELECT d.id FROM queue_items d
         WHERE d.status = 'open'
           AND d.id <> (SELECT MIN(k.id) FROM queue_items k WHERE k.post_id = d.post_id AND k.status = 'open'))",
    "UPDATE queue_items
     SET status = 'resolved', outcome = 'no_action',
         resolution_note = 'Merged into this post''s older open item.'
     WHERE status = 'open'
       AND id NOT IN (SELECT MIN(id) FROM queue_items WHERE status = 'open' GROUP BY post_id)",
    "UPDATE queue_items
     SET score = (SELECT COALESCE(SUM(f.weight), 0) FROM flags f WHERE f.item_id = queue_items.id AND f.status = 'open')
     WHERE status = 'open'",
    "CREATE UNIQUE INDEX uq_queue_items_open_post ON queue_items (post_id) WHERE status = 'open'",
    "CREATE UNIQUE INDEX uq_flags_open_report ON flags (flagger_id, post_id) WHERE status = 'open'",
];

const DOWN: &[&str] = &[
    "DROP INDEX IF EXISTS uq_flags_open_report",
    "DROP INDEX IF EXISTS uq_queue_items_open_post",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        run(m, UP).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        run(m, DOWN).await
    }
}

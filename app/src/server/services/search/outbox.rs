//! Delivers the search outbox (schema step 8) to Meilisearch.
//!
//! Triggers queue a post in the same transaction as any change to it; this
//! module takes due rows, reads each post as it is *now*, sends Meilisearch
//! the documents (or the deletions, for posts that are gone) and removes
//! the rows it delivered. A row is leased while it is being delivered, so
//! the server's worker and `haven reindex` can run at the same time without
//! sending one post twice; a row changed during delivery stays queued (its
//! `version` moved on) and goes again at once. When Meilisearch is down or
//! refuses, the rows wait with exponential backoff (1 s, 2 s, 4 s … at most
//! 5 minutes) and the error is kept on the row.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, FromQueryResult, Statement, Value};

use super::meili::{Document, Meili};
use crate::error::{AppError, AppResult};
use crate::server::db::begin_write;
use crate::server::permissions::PUBLISHED_SQL;

/// Rows delivered per round trip.
pub const BATCH: u64 = 500;

/// How long a taken row is left alone before another worker may retry it
/// (only matters when a worker dies mid-delivery).
const LEASE_MS: i64 = 120_000;

/// The longest wait between attempts.
const MAX_BACKOFF_MS: i64 = 300_000;

/// Milliseconds since the epoch.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// The wait before attempt number `attempts + 1`.
pub fn backoff_ms(attempts: i32) -> i64 {
    let doubling = attempts.clamp(1, 20) - 1;
    (1000_i64 << doubling).min(MAX_BACKOFF_MS)
}

/// What one delivery round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivery {
    /// Rows taken from the outbox.
    pub taken: usize,
    /// Documents sent and deletions made (0 when the round failed).
    pub put: usize,
    pub removed: usize,
    /// Why the round failed; its rows wait for their backoff.
    pub failure: Option<String>,
}

#[derive(Debug, FromQueryResult)]
struct Queued {
    post_id: i32,
    version: i32,
    attempts: i32,
}

#[derive(Debug, FromQueryResult)]
struct DocumentRow {
    id: i32,
    topic_id: i32,
    number: i32,
    forum_id: i32,
    author_id: i32,
    title: String,
    body: String,
    created_at: DateTime<Utc>,
    published: bool,
}

fn placeholders(backend: DbBackend, first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| match backend {
            DbBackend::Postgres => format!("${i}"),
            _ => "?".to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The documents of the posts that exist among `ids`, as they are now.
pub async fn documents(db: &impl ConnectionTrait, ids: &[i32]) -> AppResult<Vec<Document>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let backend = db.get_database_backend();
    let sql = format!(
        "SELECT p.id, p.topic_id, p.number, t.forum_id, p.author_id, \
         CASE WHEN p.number = 1 THEN t.title ELSE '' END AS title, p.body_source AS body, p.created_at, \
         {PUBLISHED_SQL} AS published \
         FROM posts p JOIN topics t ON t.id = p.topic_id WHERE p.id IN ({}) ORDER BY p.id",
        placeholders(backend, 1, ids.len())
    );
    let rows = DocumentRow::find_by_statement(Statement::from_sql_and_values(
        backend,
        sql,
        ids.iter().map(|id| Value::from(*id)),
    ))
    .all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Document {
            id: r.id,
            topic_id: r.topic_id,
            number: r.number,
            forum_id: r.forum_id,
            author_id: r.author_id,
            title: r.title,
            body: r.body,
            created_at: r.created_at.timestamp(),
            published: r.published,
        })
        .collect())
}

/// Takes up to `limit` due rows and leases them.
async fn take(db: &DatabaseConnection, now: i64, limit: u64) -> AppResult<Vec<Queued>> {
    let backend = db.get_database_backend();
    let txn = begin_write(db).await?;
    let (p1, p2) = match backend {
        DbBackend::Postgres => ("$1", "$2"),
        _ => ("?", "?"),
    };
    let rows = Queued::find_by_statement(Statement::from_sql_and_values(
        backend,
        format!(
            "SELECT post_id, version, attempts FROM search_outbox WHERE due_at <= {p1} \
             ORDER BY due_at, post_id LIMIT {p2}"
        ),
        [now.into(), (limit as i64).into()],
    ))
    .all(&txn)
    .await?;
    if !rows.is_empty() {
        let ids: Vec<i32> = rows.iter().map(|r| r.post_id).collect();
        let sql = format!(
            "UPDATE search_outbox SET due_at = {} WHERE post_id IN ({})",
            placeholders(backend, 1, 1).trim(),
            placeholders(backend, 2, ids.len())
        );
        let mut values: Vec<Value> = vec![(now + LEASE_MS).into()];
        values.extend(ids.iter().map(|id| Value::from(*id)));
        txn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
    txn.commit().await?;
    Ok(rows)
}

/// Removes the delivered rows that did not change meanwhile, and makes the
/// ones that did due again at once.
async fn settle(db: &DatabaseConnection, rows: &[Queued]) -> AppResult<()> {
    let backend = db.get_database_backend();
    let txn = begin_write(db).await?;
    for chunk in rows.chunks(200) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 2);
        let mut pairs = Vec::with_capacity(chunk.len());
        for row in chunk {
            let ids = placeholders(backend, values.len() + 1, 2);
            let (id, version) = ids.split_once(", ").unwrap_or(("?", "?"));
            pairs.push(format!("(post_id = {id} AND version = {version})"));
            values.push(row.post_id.into());
            values.push(row.version.into());
        }
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            format!("DELETE FROM search_outbox WHERE {}", pairs.join(" OR ")),
            values,
        ))
        .await?;
        let sql = format!(
            "UPDATE search_outbox SET due_at = 0, attempts = 0, last_error = NULL WHERE post_id IN ({})",
            placeholders(backend, 1, chunk.len())
        );
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            chunk.iter().map(|r| Value::from(r.post_id)),
        ))
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Puts failed rows back with their backoff and the reason.
async fn retry_later(
    db: &DatabaseConnection,
    rows: &[Queued],
    now: i64,
    reason: &str,
) -> AppResult<()> {
    let backend = db.get_database_backend();
    let mut by_attempts: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    for row in rows {
        by_attempts
            .entry(row.attempts + 1)
            .or_default()
            .push(row.post_id);
    }
    let txn = begin_write(db).await?;
    for (attempts, ids) in by_attempts {
        let sql = format!(
            "UPDATE search_outbox SET attempts = {}, due_at = {}, last_error = {} WHERE post_id IN ({})",
            placeholders(backend, 1, 1),
            placeholders(backend, 2, 1),
            placeholders(backend, 3, 1),
            placeholders(backend, 4, ids.len())
        );
        let mut values: Vec<Value> = vec![
            attempts.into(),
            (now + backoff_ms(attempts)).into(),
            reason.into(),
        ];
        values.extend(ids.iter().map(|id| Value::from(*id)));
        txn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// One round: takes up to `limit` rows due at `now` and delivers them.
/// A Meilisearch failure is not an error here: it is reported in
/// `Delivery::failure` and the rows wait for their backoff.
pub async fn deliver(
    db: &DatabaseConnection,
    meili: &Meili,
    now: i64,
    limit: u64,
) -> AppResult<Delivery> {
    let rows = take(db, now, limit).await?;
    if rows.is_empty() {
        return Ok(Delivery::default());
    }
    let ids: Vec<i32> = rows.iter().map(|r| r.post_id).collect();
    let docs = documents(db, &ids).await?;
    let present: HashSet<i32> = docs.iter().map(|d| d.id).collect();
    let gone: Vec<i32> = ids
        .iter()
        .copied()
        .filter(|id| !present.contains(id))
        .collect();
    let sent = async {
        meili.put(&docs).await?;
        meili.remove(&gone).await
    }
    .await;
    match sent {
        Ok(()) => {
            settle(db, &rows).await?;
            Ok(Delivery {
                taken: rows.len(),
                put: docs.len(),
                removed: gone.len(),
                failure: None,
            })
        }
        Err(err) => {
            let reason = err.to_string();
            retry_later(db, &rows, now, &reason).await?;
            Ok(Delivery {
                taken: rows.len(),
                failure: Some(reason),
                ..Default::default()
            })
        }
    }
}

/// Rows still waiting (due or not).
pub async fn pending(db: &impl ConnectionTrait) -> AppResult<u64> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n FROM search_outbox",
        ))
        .await?
        .ok_or_else(|| AppError::internal("COUNT returned no row"))?;
    Ok(row.try_get::<i64>("", "n").unwrap_or(0).max(0) as u64)
}

/// Queues every post, due now.
pub async fn queue_all(db: &DatabaseConnection) -> AppResult<u64> {
    let done = db
        .execute_unprepared(
            "INSERT INTO search_outbox (post_id) SELECT id FROM posts WHERE true \
             ON CONFLICT (post_id) DO UPDATE SET version = search_outbox.version + 1, due_at = 0",
        )
        .await?;
    Ok(done.rows_affected())
}

/// Queues these post ids, due now (for documents whose post is gone).
pub async fn queue(db: &DatabaseConnection, ids: &[i32]) -> AppResult<()> {
    let backend = db.get_database_backend();
    for chunk in ids.chunks(500) {
        let values = (1..=chunk.len())
            .map(|i| match backend {
                DbBackend::Postgres => format!("(${i})"),
                _ => "(?)".to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ");
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "INSERT INTO search_outbox (post_id) VALUES {values} \
                 ON CONFLICT (post_id) DO UPDATE SET version = search_outbox.version + 1, due_at = 0"
            ),
            chunk.iter().map(|id| Value::from(*id)),
        ))
        .await?;
    }
    Ok(())
}

/// What a reindex did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reindexed {
    pub queued: u64,
    /// Documents in the index whose post no longer exists.
    pub orphans: usize,
}

/// Rebuilds the index from the database: applies the settings, queues
/// every post and every document whose post is gone, and delivers until
/// the outbox is empty, calling `progress(done, total)` as it goes.
///
/// Safe while the site is live: documents are only written through the
/// outbox, whose leases keep this and the server's worker from sending one
/// post twice, and each post is read as it is when it is sent, so an edit
/// made during the rebuild is never overwritten by an older copy.
pub async fn reindex(
    db: &DatabaseConnection,
    meili: &Meili,
    mut progress: impl FnMut(u64, u64),
) -> AppResult<Reindexed> {
    meili.prepare().await.map_err(AppError::internal)?;
    let queued = queue_all(db).await?;
    let indexed = meili.ids().await.map_err(AppError::internal)?;
    let posts: HashSet<i32> = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT id FROM posts",
        ))
        .await?
        .iter()
        .filter_map(|r| r.try_get::<i32>("", "id").ok())
        .collect();
    let orphans: Vec<i32> = indexed
        .into_iter()
        .filter(|id| !posts.contains(id))
        .collect();
    queue(db, &orphans).await?;
    let total = pending(db).await?;
    progress(0, total);
    let mut idle_since: Option<std::time::Instant> = None;
    loop {
        let round = deliver(db, meili, now_ms(), BATCH).await?;
        if let Some(failure) = round.failure {
            return Err(AppError::internal(format!(
                "Meilisearch refused the rebuild ({failure}); what is left stays queued for the server's worker"
            )));
        }
        let left = pending(db).await?;
        progress(total.saturating_sub(left), total);
        if left == 0 {
            break;
        }
        if round.taken == 0 {
            // Rows another worker holds: wait for it, but not forever.
            let since = *idle_since.get_or_insert_with(std::time::Instant::now);
            if since.elapsed() > Duration::from_secs(LEASE_MS as u64 / 1000 + 10) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        } else {
            idle_since = None;
        }
    }
    Ok(Reindexed {
        queued,
        orphans: orphans.len(),
    })
}

/// The server's worker: prepares the index (retrying with backoff while
/// Meilisearch is unreachable; a new, empty index gets every post queued),
/// then delivers the outbox for as long as the server runs.
pub async fn run_worker(db: DatabaseConnection, meili: Meili) {
    let mut attempts = 0;
    loop {
        match meili.prepare().await {
            Ok(created) => {
                if created {
                    match queue_all(&db).await {
                        Ok(n) => {
                            tracing::info!("new search index {}: {n} posts queued", meili.uid())
                        }
                        Err(err) => {
                            tracing::warn!("queueing posts for the new index failed: {err}")
                        }
                    }
                }
                break;
            }
            Err(err) => {
                attempts += 1;
                let wait = backoff_ms(attempts);
                tracing::warn!("Meilisearch is not ready ({err}); trying again in {wait} ms");
                tokio::time::sleep(Duration::from_millis(wait as u64)).await;
            }
        }
    }
    loop {
        match deliver(&db, &meili, now_ms(), BATCH).await {
            Ok(round) if round.taken > 0 && round.failure.is_none() => {
                tracing::debug!(
                    put = round.put,
                    removed = round.removed,
                    "search outbox delivered"
                );
            }
            Ok(round) => {
                if let Some(failure) = round.failure {
                    tracing::warn!(
                        "search outbox: {failure}; {} posts wait for a retry",
                        round.taken
                    );
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(err) => {
                tracing::warn!("search outbox: {err}");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_five_minutes() {
        assert_eq!(backoff_ms(1), 1000);
        assert_eq!(backoff_ms(2), 2000);
        assert_eq!(backoff_ms(4), 8000);
        assert_eq!(backoff_ms(9), 256_000);
        assert_eq!(backoff_ms(10), MAX_BACKOFF_MS);
        assert_eq!(backoff_ms(60), MAX_BACKOFF_MS);
    }
}

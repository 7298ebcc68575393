//! The clock and the write transaction every service uses. Services import
//! this module, never `server/mod.rs` (which holds `AppState` and the
//! framework-facing helpers): the domain does not depend on the web layer.

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::DatabaseConnection;

/// The current time, to the microsecond: what both databases store, so a
/// value read back compares equal to the one written (keyset cursors).
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Begins a transaction that writes. On SQLite it takes the write lock at
/// once (`BEGIN IMMEDIATE`): a deferred transaction that reads before it
/// writes fails with "database is locked" when another writer commits in
/// between, whatever the busy timeout, while waiting for the lock up front
/// is exactly what the busy timeout handles. PostgreSQL ignores the mode.
pub async fn begin_write(
    db: &DatabaseConnection,
) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

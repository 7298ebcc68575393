//! What the filters do to private messages joins `filter_events`, the one
//! record of every automatic action with the text as typed (issue 20:
//! "nothing typed is ever lost, the same record").
//!
//! - `filter_events.forum_id` becomes nullable: a conversation belongs to no
//!   forum. PostgreSQL drops the NOT NULL; SQLite cannot alter a column, so
//!   the table is rebuilt from its own DDL with that one constraint gone.
//! - `filter_events.message_id`: the message (or refused attempt) the event
//!   is about. The filters page lists such events without their text (a
//!   private message reaches leaders only through a hold or a report).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match db.get_database_backend() {
            DbBackend::Sqlite => set_forum_nullable_sqlite(db, true).await?,
            _ => {
                db.execute_unprepared(
                    "ALTER TABLE filter_events ALTER COLUMN forum_id DROP NOT NULL",
                )
                .await?;
            }
        }
        m.alter_table(
            Table::alter()
                .table(FilterEvents::Table)
                .add_column(ColumnDef::new(FilterEvents::MessageId).integer().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared("DELETE FROM filter_events WHERE forum_id IS NULL")
            .await?;
        m.alter_table(
            Table::alter()
                .table(FilterEvents::Table)
                .drop_column(FilterEvents::MessageId)
                .to_owned(),
        )
        .await?;
        match db.get_database_backend() {
            DbBackend::Sqlite => set_forum_nullable_sqlite(db, false).await,
            _ => db
                .execute_unprepared("ALTER TABLE filter_events ALTER COLUMN forum_id SET NOT NULL")
                .await
                .map(|_| ()),
        }
    }
}

/// Rebuilds `filter_events` on SQLite from the DDL SQLite keeps for it,
/// with `forum_id` nullable (or NOT NULL again), keeping every row and the
/// index.
async fn set_forum_nullable_sqlite(
    db: &SchemaManagerConnection<'_>,
    nullable: bool,
) -> Result<(), DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'filter_events'",
        ))
        .await?
        .ok_or_else(|| DbErr::Migration("filter_events is missing".into()))?;
    let ddl: String = row.try_get("", "sql")?;
    let (from, to) = if nullable {
        ("\"forum_id\" integer NOT NULL", "\"forum_id\" integer NULL")
    } else {
        ("\"forum_id\" integer NULL", "\"forum_id\" integer NOT NULL")
    };
    if !ddl.contains(from) {
        return Err(DbErr::Migration(format!(
            "filter_events has an unexpected shape: {ddl}"
        )));
    }
    let rebuilt =
        ddl.replacen(from, to, 1)
            .replacen("\"filter_events\"", "\"filter_events_rebuilt\"", 1);
    // One call, so every statement runs on the same pooled connection (on
    // another, a read snapshot taken before the DROP can still see the old
    // table when the RENAME runs).
    let script = [
        rebuilt.as_str(),
        "INSERT INTO filter_events_rebuilt SELECT * FROM filter_events",
        "DROP TABLE filter_events",
        "ALTER TABLE filter_events_rebuilt RENAME TO filter_events",
        "CREATE INDEX idx_filter_events_created ON filter_events (created_at)",
    ]
    .join(";\n");
    db.execute_unprepared(&script).await?;
    Ok(())
}

#[derive(DeriveIden)]
enum FilterEvents {
    Table,
    MessageId,
}

//! A self-care break and deactivation, chosen by the person themselves.
//!
//! - `break_started_at` / `break_until`: on a break from the first until
//!   the second (no end: until they end it). While on a break a person
//!   gets no mention or reply notifications, cannot post, and their
//!   profile says so.
//! - `deactivated_at`: they stepped away; logging in within 30 days
//!   reactivates the account, after that it is closed.
//! - `closed_at`: the account was closed: name replaced, personal data
//!   removed, posts kept under "former member".

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    BreakStartedAt,
    BreakUntil,
    DeactivatedAt,
    ClosedAt,
}

const COLUMNS: [Users; 4] = [
    Users::BreakStartedAt,
    Users::BreakUntil,
    Users::DeactivatedAt,
    Users::ClosedAt,
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        for column in COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .add_column(ColumnDef::new(column).timestamp_with_time_zone().null())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in COLUMNS.into_iter().rev() {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

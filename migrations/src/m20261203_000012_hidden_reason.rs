//! A post a moderator hid keeps the reason in general terms ("Harassment or
//! bullying"), so it reads "Hidden by a moderator" with that reason to its
//! author instead of "pending review". NULL while a post is hidden only by
//! the weight of reports (still waiting for a moderator) or not hidden.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Posts {
    Table,
    HiddenReason,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Posts::Table)
                    .add_column(ColumnDef::new(Posts::HiddenReason).text().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Posts::Table)
                    .drop_column(Posts::HiddenReason)
                    .to_owned(),
            )
            .await
    }
}

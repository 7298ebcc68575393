//! Editing private messages (issue 20): a message is stored like a post.
//!
//! - `messages.version` counts its versions (1 until it is edited) and
//!   `messages.edited_at` says when the newest was written. An edit is a
//!   guarded UPDATE on the version the author started from, so of two edits
//!   made at once from the same version one is saved and the other refused.
//! - `message_revisions` keeps every earlier version whole, as it was shown:
//!   one row per message and version (a unique index), written in the
//!   transaction of the edit that replaced it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Messages::Table)
                .add_column(
                    ColumnDef::new(Messages::Version)
                        .integer()
                        .not_null()
                        .default(1),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Messages::Table)
                .add_column(
                    ColumnDef::new(Messages::EditedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MessageRevisions::Table)
                .col(pk_auto(MessageRevisions::Id))
                .col(integer(MessageRevisions::MessageId))
                .col(integer(MessageRevisions::Version))
                .col(text(MessageRevisions::BodySource))
                .col(text(MessageRevisions::BodyHtml))
                .col(timestamp_with_time_zone(MessageRevisions::WrittenAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(MessageRevisions::Table, MessageRevisions::MessageId)
                        .to(Messages::Table, Messages::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_message_revisions_version")
                .table(MessageRevisions::Table)
                .col(MessageRevisions::MessageId)
                .col(MessageRevisions::Version)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(MessageRevisions::Table).to_owned())
            .await?;
        for column in [Messages::EditedAt, Messages::Version] {
            m.alter_table(
                Table::alter()
                    .table(Messages::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    Version,
    EditedAt,
}

#[derive(DeriveIden)]
enum MessageRevisions {
    Table,
    Id,
    MessageId,
    Version,
    BodySource,
    BodyHtml,
    WrittenAt,
}

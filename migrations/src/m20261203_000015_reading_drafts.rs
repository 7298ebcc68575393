//! What each person has read, and what they were writing.
//!
//! - `topic_reads`: per person and topic, the highest post number they
//!   have been shown. It only ever grows (a guarded UPDATE), so two tabs
//!   reading at once cannot move it back. Unread counts and "jump to first
//!   unread" come from it.
//! - `drafts`: per person and composer (`topic:ID` for a reply,
//!   `forum:SLUG` for a new topic), the text typed and not yet posted,
//!   saved while they type and restored when they come back. Posting
//!   deletes it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(TopicReads::Table)
                .col(integer(TopicReads::UserId))
                .col(integer(TopicReads::TopicId))
                .col(integer(TopicReads::LastReadNumber))
                .col(timestamp_with_time_zone(TopicReads::UpdatedAt))
                .primary_key(
                    Index::create()
                        .col(TopicReads::UserId)
                        .col(TopicReads::TopicId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(TopicReads::Table, TopicReads::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(TopicReads::Table, TopicReads::TopicId)
                        .to(Topics::Table, Topics::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Drafts::Table)
                .col(integer(Drafts::UserId))
                .col(string_len(Drafts::DraftKey, 96))
                .col(text(Drafts::Title))
                .col(text(Drafts::Body))
                .col(timestamp_with_time_zone(Drafts::UpdatedAt))
                // One draft per person per composer, held by the database.
                .primary_key(Index::create().col(Drafts::UserId).col(Drafts::DraftKey))
                .foreign_key(
                    ForeignKey::create()
                        .from(Drafts::Table, Drafts::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Drafts::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(TopicReads::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Topics {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TopicReads {
    Table,
    UserId,
    TopicId,
    LastReadNumber,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Drafts {
    Table,
    UserId,
    DraftKey,
    Title,
    Body,
    UpdatedAt,
}

//! Reports about private messages, and filter rules for messages only
//! (issue 20).
//!
//! - `message_reports`: one person's report of one message (or, with no
//!   reporter, the filter's record that someone tried to send contact
//!   details to a teen), with a snapshot of the message and the few around
//!   it taken when it was reported, and how it was settled. One open report
//!   per person and message is a partial unique index; settling is a
//!   guarded UPDATE of the open rows, so of two moderators one wins.
//! - `filter_rules.messages_only`: a rule that applies to private messages
//!   only, so staff can be stricter there than in public forums.
//! - `sanctions.message_id` and `sanctions.forum_id`: a warning, suspension
//!   or badge removal decided on a reported message names it, and a mentor
//!   badge removed that way names its forum (so a reversed appeal gives
//!   that badge back).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(MessageReports::Table)
                .col(pk_auto(MessageReports::Id))
                .col(integer(MessageReports::MessageId))
                .col(integer(MessageReports::ConversationId))
                .col(integer_null(MessageReports::ReporterId))
                .col(string_len(MessageReports::Reason, 32))
                .col(text(MessageReports::Note).default(""))
                .col(text(MessageReports::Snapshot))
                .col(string_len(MessageReports::Status, 16).default("open"))
                .col(string_len_null(MessageReports::Outcome, 32))
                .col(text_null(MessageReports::ResolutionNote))
                .col(integer_null(MessageReports::ResolvedBy))
                .col(timestamp_with_time_zone_null(MessageReports::ResolvedAt))
                .col(timestamp_with_time_zone(MessageReports::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(MessageReports::Table, MessageReports::MessageId)
                        .to(Messages::Table, Messages::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(MessageReports::Table, MessageReports::ConversationId)
                        .to(Conversations::Table, Conversations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(MessageReports::Table, MessageReports::ReporterId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_message_reports_status")
                .table(MessageReports::Table)
                .col(MessageReports::Status)
                .col(MessageReports::MessageId)
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_message_reports_open ON message_reports (reporter_id, message_id) WHERE status = 'open'",
            )
            .await?;
        m.alter_table(
            Table::alter()
                .table(FilterRules::Table)
                .add_column(
                    ColumnDef::new(FilterRules::MessagesOnly)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Sanctions::Table)
                .add_column(ColumnDef::new(Sanctions::MessageId).integer().null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Sanctions::Table)
                .add_column(ColumnDef::new(Sanctions::ForumId).integer().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [Sanctions::ForumId, Sanctions::MessageId] {
            m.alter_table(
                Table::alter()
                    .table(Sanctions::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(FilterRules::Table)
                .drop_column(FilterRules::MessagesOnly)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(MessageReports::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Sanctions {
    Table,
    MessageId,
    ForumId,
}

#[derive(DeriveIden)]
enum FilterRules {
    Table,
    MessagesOnly,
}

#[derive(DeriveIden)]
enum MessageReports {
    Table,
    Id,
    MessageId,
    ConversationId,
    ReporterId,
    Reason,
    Note,
    Snapshot,
    Status,
    Outcome,
    ResolutionNote,
    ResolvedBy,
    ResolvedAt,
    CreatedAt,
}

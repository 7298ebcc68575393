//! What the safety filters do to posts: a post (and the topic it starts) can
//! wait for review, a queue item can come from a filter rather than from
//! reports, and every automatic action keeps the text exactly as typed.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Null: published. pending: held for approval. rejected: a moderator
        // kept it unpublished (its author still sees it).
        m.alter_table(
            Table::alter()
                .table(Posts::Table)
                .add_column(string_len_null(Posts::Review, 16))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Topics::Table)
                .add_column(string_len_null(Topics::Review, 16))
                .to_owned(),
        )
        .await?;
        // flags | filter: filter items may have no reports at all.
        m.alter_table(
            Table::alter()
                .table(QueueItems::Table)
                .add_column(string_len(QueueItems::Source, 16).default("flags"))
                .to_owned(),
        )
        .await?;
        // The rules that put it there, e.g. "contact (hold)".
        m.alter_table(
            Table::alter()
                .table(QueueItems::Table)
                .add_column(text(QueueItems::Rules).default(""))
                .to_owned(),
        )
        .await?;

        // Every automatic action, with the text as its author typed it: a
        // blocked post exists nowhere else, a censored one only masked.
        m.create_table(
            Table::create()
                .table(FilterEvents::Table)
                .col(pk_auto(FilterEvents::Id))
                .col(integer(FilterEvents::UserId))
                .col(integer(FilterEvents::ForumId))
                // The post it became; null when blocked.
                .col(integer_null(FilterEvents::PostId))
                // censor | flag | hold | block
                .col(string_len(FilterEvents::Action, 8))
                .col(text(FilterEvents::Rules))
                .col(text(FilterEvents::Title).default(""))
                .col(text(FilterEvents::Body))
                .col(timestamp_with_time_zone(FilterEvents::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(FilterEvents::Table, FilterEvents::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_filter_events_created")
                .table(FilterEvents::Table)
                .col(FilterEvents::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(FilterEvents::Table).to_owned())
            .await?;
        for column in [QueueItems::Rules, QueueItems::Source] {
            m.alter_table(
                Table::alter()
                    .table(QueueItems::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Topics::Table)
                .drop_column(Topics::Review)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Posts::Table)
                .drop_column(Posts::Review)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    Review,
}

#[derive(DeriveIden)]
enum Topics {
    Table,
    Review,
}

#[derive(DeriveIden)]
enum QueueItems {
    Table,
    Source,
    Rules,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FilterEvents {
    Table,
    Id,
    UserId,
    ForumId,
    PostId,
    Action,
    Rules,
    Title,
    Body,
    CreatedAt,
}

//! Post revisions (every edit keeps the whole earlier text), appeals against
//! warnings and suspensions, reversal of a sanction, and the mark that an
//! overdue queue item has been reported to leaders.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // The version a post is at (1 until first edited) and who edited it last.
        m.alter_table(
            Table::alter()
                .table(Posts::Table)
                .add_column(integer(Posts::Version).default(1))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Posts::Table)
                .add_column(integer_null(Posts::EditedBy))
                .to_owned(),
        )
        .await?;

        // One row per version of an edited post, the original included, so
        // nothing is ever overwritten in place. Posts never edited have none.
        m.create_table(
            Table::create()
                .table(PostRevisions::Table)
                .col(pk_auto(PostRevisions::Id))
                .col(integer(PostRevisions::PostId))
                .col(integer(PostRevisions::Version))
                .col(text(PostRevisions::BodySource))
                .col(integer(PostRevisions::EditorId))
                .col(text(PostRevisions::Reason).default(""))
                // Guideline edits marked as a policy update carry a summary.
                .col(boolean(PostRevisions::PolicyUpdate).default(false))
                .col(text(PostRevisions::PolicySummary).default(""))
                .col(timestamp_with_time_zone(PostRevisions::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(PostRevisions::Table, PostRevisions::PostId)
                        .to(Posts::Table, Posts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_post_revisions_post_version")
                .table(PostRevisions::Table)
                .col(PostRevisions::PostId)
                .col(PostRevisions::Version)
                .unique()
                .to_owned(),
        )
        .await?;

        // A reversed warning or suspension no longer counts.
        m.alter_table(
            Table::alter()
                .table(Sanctions::Table)
                .add_column(timestamp_with_time_zone_null(Sanctions::ReversedAt))
                .to_owned(),
        )
        .await?;

        // One appeal per sanction (the unique index enforces it).
        m.create_table(
            Table::create()
                .table(Appeals::Table)
                .col(pk_auto(Appeals::Id))
                .col(integer(Appeals::SanctionId))
                .col(integer(Appeals::UserId))
                .col(text(Appeals::Body))
                // open | upheld | reversed
                .col(string_len(Appeals::Status, 16).default("open"))
                .col(integer_null(Appeals::DecidedBy))
                .col(text(Appeals::DecisionNote).default(""))
                .col(timestamp_with_time_zone_null(Appeals::DecidedAt))
                .col(timestamp_with_time_zone(Appeals::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Appeals::Table, Appeals::SanctionId)
                        .to(Sanctions::Table, Sanctions::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_appeals_sanction")
                .table(Appeals::Table)
                .col(Appeals::SanctionId)
                .unique()
                .to_owned(),
        )
        .await?;

        m.alter_table(
            Table::alter()
                .table(QueueItems::Table)
                .add_column(timestamp_with_time_zone_null(QueueItems::OverdueNotifiedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(QueueItems::Table)
                .drop_column(QueueItems::OverdueNotifiedAt)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(Appeals::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Sanctions::Table)
                .drop_column(Sanctions::ReversedAt)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(PostRevisions::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Posts::Table)
                .drop_column(Posts::EditedBy)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Posts::Table)
                .drop_column(Posts::Version)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
    Version,
    EditedBy,
}

#[derive(DeriveIden)]
enum PostRevisions {
    Table,
    Id,
    PostId,
    Version,
    BodySource,
    EditorId,
    Reason,
    PolicyUpdate,
    PolicySummary,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sanctions {
    Table,
    Id,
    ReversedAt,
}

#[derive(DeriveIden)]
enum Appeals {
    Table,
    Id,
    SanctionId,
    UserId,
    Body,
    Status,
    DecidedBy,
    DecisionNote,
    DecidedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum QueueItems {
    Table,
    OverdueNotifiedAt,
}

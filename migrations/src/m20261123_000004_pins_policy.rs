//! Pinned topics (in their forum or everywhere, in an order, optionally
//! until a date), per-person dismissal of global pins, and acknowledgements
//! of policy updates, one per person per version.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // forum | global; null when not pinned.
        m.alter_table(
            Table::alter()
                .table(Topics::Table)
                .add_column(string_len_null(Topics::PinScope, 8))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Topics::Table)
                .add_column(integer(Topics::PinPosition).default(0))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Topics::Table)
                .add_column(timestamp_with_time_zone_null(Topics::PinnedUntil))
                .to_owned(),
        )
        .await?;
        // When a post of the topic last got a policy update: a dismissed
        // global pin comes back after it.
        m.alter_table(
            Table::alter()
                .table(Topics::Table)
                .add_column(timestamp_with_time_zone_null(Topics::PolicyUpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_topics_pin")
                .table(Topics::Table)
                .col(Topics::PinScope)
                .col(Topics::PinPosition)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PinDismissals::Table)
                .col(integer(PinDismissals::UserId))
                .col(integer(PinDismissals::TopicId))
                .col(timestamp_with_time_zone(PinDismissals::DismissedAt))
                .primary_key(
                    Index::create()
                        .col(PinDismissals::UserId)
                        .col(PinDismissals::TopicId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PinDismissals::Table, PinDismissals::TopicId)
                        .to(Topics::Table, Topics::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PolicyAcks::Table)
                .col(pk_auto(PolicyAcks::Id))
                .col(integer(PolicyAcks::UserId))
                .col(integer(PolicyAcks::PostId))
                .col(integer(PolicyAcks::Version))
                .col(timestamp_with_time_zone(PolicyAcks::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(PolicyAcks::Table, PolicyAcks::PostId)
                        .to(Posts::Table, Posts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_policy_acks_unique")
                .table(PolicyAcks::Table)
                .col(PolicyAcks::PostId)
                .col(PolicyAcks::Version)
                .col(PolicyAcks::UserId)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PolicyAcks::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(PinDismissals::Table).to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("idx_topics_pin")
                .table(Topics::Table)
                .to_owned(),
        )
        .await?;
        for column in [
            Topics::PolicyUpdatedAt,
            Topics::PinnedUntil,
            Topics::PinPosition,
            Topics::PinScope,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Topics::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Topics {
    Table,
    Id,
    PinScope,
    PinPosition,
    PinnedUntil,
    PolicyUpdatedAt,
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PinDismissals {
    Table,
    UserId,
    TopicId,
    DismissedAt,
}

#[derive(DeriveIden)]
enum PolicyAcks {
    Table,
    Id,
    UserId,
    PostId,
    Version,
    CreatedAt,
}

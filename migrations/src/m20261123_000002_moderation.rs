//! Flags, the moderation queue, warnings and suspensions, the audit log, and
//! hidden posts.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // A hidden post stays in place; others see "hidden pending review".
        m.alter_table(
            Table::alter()
                .table(Posts::Table)
                .add_column(timestamp_with_time_zone_null(Posts::HiddenAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(QueueItems::Table)
                .col(pk_auto(QueueItems::Id))
                .col(integer(QueueItems::PostId))
                .col(integer(QueueItems::ForumId))
                // open | resolved (claimed is open with claimed_by set)
                .col(string_len(QueueItems::Status, 16).default("open"))
                // Sum of the weights of its open flags.
                .col(integer(QueueItems::Score).default(0))
                // The post's text when first flagged: later edits keep the evidence.
                .col(text(QueueItems::Snapshot))
                .col(integer_null(QueueItems::ClaimedBy))
                .col(timestamp_with_time_zone_null(QueueItems::ClaimedAt))
                // none | leaders | staff
                .col(string_len(QueueItems::Escalation, 16).default("none"))
                .col(string_len_null(QueueItems::Outcome, 24))
                .col(text_null(QueueItems::ResolutionNote))
                .col(integer_null(QueueItems::ResolvedBy))
                .col(timestamp_with_time_zone_null(QueueItems::ResolvedAt))
                .col(timestamp_with_time_zone(QueueItems::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(QueueItems::Table, QueueItems::PostId)
                        .to(Posts::Table, Posts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_queue_items_status_forum")
                .table(QueueItems::Table)
                .col(QueueItems::Status)
                .col(QueueItems::ForumId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_queue_items_post")
                .table(QueueItems::Table)
                .col(QueueItems::PostId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Flags::Table)
                .col(pk_auto(Flags::Id))
                .col(integer(Flags::ItemId))
                .col(integer(Flags::PostId))
                .col(integer(Flags::FlaggerId))
                // sexual | contact | harassment | spam | at_risk | other
                .col(string_len(Flags::Reason, 16))
                .col(text(Flags::Note).default(""))
                .col(integer(Flags::Weight))
                // open | withdrawn | agreed | disagreed
                .col(string_len(Flags::Status, 16).default("open"))
                .col(timestamp_with_time_zone(Flags::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Flags::Table, Flags::ItemId)
                        .to(QueueItems::Table, QueueItems::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Flags::Table, Flags::FlaggerId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_flags_flagger_created")
                .table(Flags::Table)
                .col(Flags::FlaggerId)
                .col(Flags::CreatedAt)
                .to_owned(),
        )
        .await?;

        // Warnings and suspensions given to a person.
        m.create_table(
            Table::create()
                .table(Sanctions::Table)
                .col(pk_auto(Sanctions::Id))
                .col(integer(Sanctions::UserId))
                // warning | suspension
                .col(string_len(Sanctions::Kind, 16))
                .col(text(Sanctions::Reason))
                .col(integer_null(Sanctions::PostId))
                .col(integer_null(Sanctions::ItemId))
                .col(integer(Sanctions::IssuedBy))
                // Suspensions: until when (null: indefinitely).
                .col(timestamp_with_time_zone_null(Sanctions::Until))
                .col(timestamp_with_time_zone_null(Sanctions::AcknowledgedAt))
                .col(timestamp_with_time_zone(Sanctions::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Sanctions::Table, Sanctions::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        // Append-only: services insert, nothing updates or deletes.
        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(pk_auto(AuditLog::Id))
                // Null: done by the system (a filter, the flag threshold).
                .col(integer_null(AuditLog::ActorId))
                .col(string_len(AuditLog::Action, 32))
                .col(string_len(AuditLog::TargetType, 16))
                .col(integer(AuditLog::TargetId))
                .col(text(AuditLog::Reason).default(""))
                .col(timestamp_with_time_zone(AuditLog::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_log_created")
                .table(AuditLog::Table)
                .col((AuditLog::Id, IndexOrder::Desc))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Sanctions::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Flags::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(QueueItems::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Posts::Table)
                .drop_column(Posts::HiddenAt)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
    HiddenAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum QueueItems {
    Table,
    Id,
    PostId,
    ForumId,
    Status,
    Score,
    Snapshot,
    ClaimedBy,
    ClaimedAt,
    Escalation,
    Outcome,
    ResolutionNote,
    ResolvedBy,
    ResolvedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Flags {
    Table,
    Id,
    ItemId,
    PostId,
    FlaggerId,
    Reason,
    Note,
    Weight,
    Status,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sanctions {
    Table,
    Id,
    UserId,
    Kind,
    Reason,
    PostId,
    ItemId,
    IssuedBy,
    Until,
    AcknowledgedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    ActorId,
    Action,
    TargetType,
    TargetId,
    Reason,
    CreatedAt,
}

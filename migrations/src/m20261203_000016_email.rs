//! E-mail, when the site has an SMTP server configured.
//!
//! - `email_settings`: per person, the address they gave, whether they
//!   confirmed it (nothing but the confirmation goes to an unconfirmed
//!   address), which notifications they want by e-mail, when their last
//!   batch went out, and the token of their one-click unsubscribe link.
//!   A separate table, so closing an account deletes one row and the
//!   address is gone.
//! - `email_tokens`: single-use links (confirm an address, reset a
//!   password), stored as SHA-256 hashes so a database copy cannot be used
//!   to take over accounts. Used once by a guarded UPDATE.
//! - `email_outbox`: every e-mail is written here in the transaction that
//!   causes it and delivered by a worker that claims a row with a guarded
//!   UPDATE, so several servers never send one twice and a down SMTP
//!   server delays mail instead of losing it.
//! - `notifications.emailed_at`: the notification was in a batch (or never
//!   will be); batches take only rows where it is empty.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(EmailSettings::Table)
                .col(integer(EmailSettings::UserId).primary_key())
                .col(text(EmailSettings::Address))
                .col(timestamp_with_time_zone_null(EmailSettings::ConfirmedAt))
                .col(boolean(EmailSettings::Mentions).default(true))
                .col(boolean(EmailSettings::Replies).default(true))
                .col(boolean(EmailSettings::Reports).default(true))
                .col(boolean(EmailSettings::Policy).default(true))
                .col(timestamp_with_time_zone_null(EmailSettings::BatchSentAt))
                .col(string_len_uniq(EmailSettings::UnsubscribeToken, 64))
                .foreign_key(
                    ForeignKey::create()
                        .from(EmailSettings::Table, EmailSettings::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EmailTokens::Table)
                .col(pk_auto(EmailTokens::Id))
                .col(integer(EmailTokens::UserId))
                .col(string_len(EmailTokens::Purpose, 16))
                .col(string_len_uniq(EmailTokens::TokenHash, 64))
                .col(text_null(EmailTokens::Address))
                .col(timestamp_with_time_zone(EmailTokens::CreatedAt))
                .col(timestamp_with_time_zone(EmailTokens::ExpiresAt))
                .col(timestamp_with_time_zone_null(EmailTokens::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(EmailTokens::Table, EmailTokens::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_email_tokens_user")
                .table(EmailTokens::Table)
                .col(EmailTokens::UserId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EmailOutbox::Table)
                .col(pk_auto(EmailOutbox::Id))
                .col(integer(EmailOutbox::UserId))
                .col(text(EmailOutbox::ToAddress))
                .col(text(EmailOutbox::Subject))
                .col(text(EmailOutbox::Body))
                .col(text_null(EmailOutbox::UnsubscribeUrl))
                .col(timestamp_with_time_zone(EmailOutbox::CreatedAt))
                .col(integer(EmailOutbox::Attempts).default(0))
                .col(timestamp_with_time_zone(EmailOutbox::NextAttemptAt))
                .col(timestamp_with_time_zone_null(EmailOutbox::SentAt))
                .col(text_null(EmailOutbox::LastError))
                .foreign_key(
                    ForeignKey::create()
                        .from(EmailOutbox::Table, EmailOutbox::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_email_outbox_due")
                .table(EmailOutbox::Table)
                .col(EmailOutbox::SentAt)
                .col(EmailOutbox::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Notifications::Table)
                .add_column(
                    ColumnDef::new(Notifications::EmailedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Notifications::Table)
                .drop_column(Notifications::EmailedAt)
                .to_owned(),
        )
        .await?;
        for table in [
            EmailOutbox::Table.into_iden(),
            EmailTokens::Table.into_iden(),
            EmailSettings::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    EmailedAt,
}

#[derive(DeriveIden)]
enum EmailSettings {
    Table,
    UserId,
    Address,
    ConfirmedAt,
    Mentions,
    Replies,
    Reports,
    Policy,
    BatchSentAt,
    UnsubscribeToken,
}

#[derive(DeriveIden)]
enum EmailTokens {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    Address,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum EmailOutbox {
    Table,
    Id,
    UserId,
    ToAddress,
    Subject,
    Body,
    UnsubscribeUrl,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    SentAt,
    LastError,
}

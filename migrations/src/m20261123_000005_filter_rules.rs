//! Staff phrase rules and the action of the built-in contact rule, each for
//! all forums or one forum.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(FilterRules::Table)
                .col(pk_auto(FilterRules::Id))
                // A phrase, or /regex/; empty for the contact rule.
                .col(text(FilterRules::Pattern).default(""))
                // The built-in contact detector rather than a phrase.
                .col(boolean(FilterRules::IsContact).default(false))
                // censor | hold | block | flag
                .col(string_len(FilterRules::Action, 8))
                // Null: every forum.
                .col(integer_null(FilterRules::ForumId))
                // Shown to the author when the rule blocks a post.
                .col(text(FilterRules::Message).default(""))
                .col(integer(FilterRules::CreatedBy))
                .col(timestamp_with_time_zone(FilterRules::CreatedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(FilterRules::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum FilterRules {
    Table,
    Id,
    Pattern,
    IsContact,
    Action,
    ForumId,
    Message,
    CreatedBy,
    CreatedAt,
}

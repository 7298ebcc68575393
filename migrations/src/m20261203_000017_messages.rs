//! Private messages (issue 20).
//!
//! - `conversations`: who started it, when the last message came, whether
//!   it is supervised (a teen forum's mentor with a teen: the teen forums'
//!   mentors and leaders may read it), and `member_count`, raised only by a
//!   guarded UPDATE and capped by a CHECK, so concurrent additions can never
//!   make a conversation larger than [`MAX_MEMBERS`].
//! - `conversation_members`: one row per person and conversation (primary
//!   key), when they left, and the last message they read.
//! - `messages`: the text as typed (`body_source`) and rendered, its
//!   review state (`pending` while a filter holds it: only its author sees
//!   it), and `blocked` attempts, kept for review and shown to nobody in the
//!   conversation (nothing typed is lost).
//! - `user_blocks`: who blocked whom (primary key on the pair; nobody
//!   blocks themselves: a CHECK).
//! - `users.message_policy`: who may start a conversation with them.

use sea_orm_migration::{prelude::*, schema::*};

/// Everyone in a conversation, its starter included (10 others).
pub const MAX_MEMBERS: i32 = 11;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Conversations::Table)
                .col(pk_auto(Conversations::Id))
                .col(integer(Conversations::CreatedBy))
                .col(timestamp_with_time_zone(Conversations::CreatedAt))
                .col(timestamp_with_time_zone(Conversations::LastMessageAt))
                .col(boolean(Conversations::Supervised).default(false))
                .col(
                    integer(Conversations::MemberCount)
                        .default(0)
                        .check(Expr::col(Conversations::MemberCount).lte(MAX_MEMBERS)),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Conversations::Table, Conversations::CreatedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ConversationMembers::Table)
                .col(integer(ConversationMembers::ConversationId))
                .col(integer(ConversationMembers::UserId))
                .col(timestamp_with_time_zone(ConversationMembers::JoinedAt))
                .col(timestamp_with_time_zone_null(ConversationMembers::LeftAt))
                .col(integer(ConversationMembers::LastReadMessageId).default(0))
                .primary_key(
                    Index::create()
                        .col(ConversationMembers::ConversationId)
                        .col(ConversationMembers::UserId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            ConversationMembers::Table,
                            ConversationMembers::ConversationId,
                        )
                        .to(Conversations::Table, Conversations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ConversationMembers::Table, ConversationMembers::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_conversation_members_user")
                .table(ConversationMembers::Table)
                .col(ConversationMembers::UserId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Messages::Table)
                .col(pk_auto(Messages::Id))
                .col(integer(Messages::ConversationId))
                .col(integer(Messages::AuthorId))
                .col(text(Messages::BodySource))
                .col(text(Messages::BodyHtml))
                .col(timestamp_with_time_zone(Messages::CreatedAt))
                .col(string_len_null(Messages::Review, 16))
                .col(boolean(Messages::Blocked).default(false))
                .col(text(Messages::FilterRules).default(""))
                .col(timestamp_with_time_zone_null(Messages::HiddenAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Messages::Table, Messages::ConversationId)
                        .to(Conversations::Table, Conversations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Messages::Table, Messages::AuthorId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_messages_conversation")
                .table(Messages::Table)
                .col(Messages::ConversationId)
                .col(Messages::Id)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(UserBlocks::Table)
                .col(integer(UserBlocks::BlockerId))
                .col(integer(UserBlocks::BlockedId))
                .col(timestamp_with_time_zone(UserBlocks::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(UserBlocks::BlockerId)
                        .col(UserBlocks::BlockedId),
                )
                .check(Expr::col(UserBlocks::BlockerId).ne(Expr::col(UserBlocks::BlockedId)))
                .foreign_key(
                    ForeignKey::create()
                        .from(UserBlocks::Table, UserBlocks::BlockerId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UserBlocks::Table, UserBlocks::BlockedId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(
                    ColumnDef::new(Users::MessagePolicy)
                        .string_len(16)
                        .not_null()
                        .default("everyone"),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::MessagePolicy)
                .to_owned(),
        )
        .await?;
        for table in [
            UserBlocks::Table.into_iden(),
            Messages::Table.into_iden(),
            ConversationMembers::Table.into_iden(),
            Conversations::Table.into_iden(),
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
    MessagePolicy,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    Id,
    CreatedBy,
    CreatedAt,
    LastMessageAt,
    Supervised,
    MemberCount,
}

#[derive(DeriveIden)]
enum ConversationMembers {
    Table,
    ConversationId,
    UserId,
    JoinedAt,
    LeftAt,
    LastReadMessageId,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    ConversationId,
    AuthorId,
    BodySource,
    BodyHtml,
    CreatedAt,
    Review,
    Blocked,
    FilterRules,
    HiddenAt,
}

#[derive(DeriveIden)]
enum UserBlocks {
    Table,
    BlockerId,
    BlockedId,
    CreatedAt,
}

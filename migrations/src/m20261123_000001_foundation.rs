//! Accounts, forums, topics, posts, upvotes, notifications and sessions.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(pk_auto(Users::Id))
                .col(string_len(Users::Username, 32))
                // Lower-cased name: uniqueness is case-insensitive on every backend.
                .col(string_len_uniq(Users::UsernameKey, 32))
                .col(string(Users::PasswordHash))
                .col(date(Users::BirthDate))
                // member | global_leader | staff
                .col(string_len(Users::Role, 16).default("member"))
                .col(boolean(Users::IsListener).default(false))
                // active | break | suspended | deactivated
                .col(string_len(Users::AccountState, 16).default("active"))
                .col(timestamp_with_time_zone_null(Users::SuspendedUntil))
                .col(text(Users::Bio).default(""))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Forums::Table)
                .col(pk_auto(Forums::Id))
                .col(string_len_uniq(Forums::Slug, 64))
                .col(string_len(Forums::Name, 100))
                .col(text(Forums::Description).default(""))
                .col(integer(Forums::Position).default(0))
                // open | staff_write | teens_only | listeners_only
                .col(string_len(Forums::Restriction, 16).default("open"))
                .col(timestamp_with_time_zone(Forums::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ForumMentors::Table)
                .col(integer(ForumMentors::ForumId))
                .col(integer(ForumMentors::UserId))
                .primary_key(
                    Index::create()
                        .col(ForumMentors::ForumId)
                        .col(ForumMentors::UserId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ForumMentors::Table, ForumMentors::ForumId)
                        .to(Forums::Table, Forums::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ForumMentors::Table, ForumMentors::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Topics::Table)
                .col(pk_auto(Topics::Id))
                .col(integer(Topics::ForumId))
                .col(integer(Topics::AuthorId))
                .col(string_len(Topics::Title, 200))
                .col(integer(Topics::PostCount).default(0))
                .col(boolean(Topics::Locked).default(false))
                .col(timestamp_with_time_zone(Topics::CreatedAt))
                .col(timestamp_with_time_zone(Topics::LastPostAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Topics::Table, Topics::ForumId)
                        .to(Forums::Table, Forums::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Topics::Table, Topics::AuthorId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        // The forum page's keyset: newest activity first, id breaks ties.
        m.create_index(
            Index::create()
                .name("idx_topics_forum_activity")
                .table(Topics::Table)
                .col(Topics::ForumId)
                .col((Topics::LastPostAt, IndexOrder::Desc))
                .col((Topics::Id, IndexOrder::Desc))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Posts::Table)
                .col(pk_auto(Posts::Id))
                .col(integer(Posts::TopicId))
                .col(integer(Posts::AuthorId))
                // 1-based position in the topic; the topic page's keyset.
                .col(integer(Posts::Number))
                .col(text(Posts::BodySource))
                // Sanitised HTML, rendered once at write time.
                .col(text(Posts::BodyHtml))
                .col(integer(Posts::UpvoteCount).default(0))
                .col(timestamp_with_time_zone(Posts::CreatedAt))
                .col(timestamp_with_time_zone_null(Posts::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Posts::Table, Posts::TopicId)
                        .to(Topics::Table, Topics::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Posts::Table, Posts::AuthorId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_posts_topic_number")
                .table(Posts::Table)
                .col(Posts::TopicId)
                .col(Posts::Number)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_posts_author")
                .table(Posts::Table)
                .col(Posts::AuthorId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Upvotes::Table)
                .col(integer(Upvotes::PostId))
                .col(integer(Upvotes::UserId))
                .col(timestamp_with_time_zone(Upvotes::CreatedAt))
                // One upvote per person per post, enforced by the database.
                .primary_key(Index::create().col(Upvotes::PostId).col(Upvotes::UserId))
                .foreign_key(
                    ForeignKey::create()
                        .from(Upvotes::Table, Upvotes::PostId)
                        .to(Posts::Table, Posts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Upvotes::Table, Upvotes::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Notifications::Table)
                .col(pk_auto(Notifications::Id))
                .col(integer(Notifications::UserId))
                // mention | reply | ... (later issues add flag outcomes, warnings)
                .col(string_len(Notifications::Kind, 32))
                .col(integer_null(Notifications::ActorId))
                .col(integer_null(Notifications::TopicId))
                .col(integer_null(Notifications::PostId))
                .col(text(Notifications::Message))
                .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                .col(timestamp_with_time_zone(Notifications::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Notifications::Table, Notifications::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_notifications_user")
                .table(Notifications::Table)
                .col(Notifications::UserId)
                .col((Notifications::Id, IndexOrder::Desc))
                .to_owned(),
        )
        .await?;

        // tower-sessions records (see app::server::session_store).
        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(string_len(Sessions::Id, 64).primary_key())
                .col(text(Sessions::Data))
                .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_sessions_expiry")
                .table(Sessions::Table)
                .col(Sessions::ExpiresAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Sessions::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Notifications::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Upvotes::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Posts::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Topics::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ForumMentors::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Forums::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Users::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Username,
    UsernameKey,
    PasswordHash,
    BirthDate,
    Role,
    IsListener,
    AccountState,
    SuspendedUntil,
    Bio,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Forums {
    Table,
    Id,
    Slug,
    Name,
    Description,
    Position,
    Restriction,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ForumMentors {
    Table,
    ForumId,
    UserId,
}

#[derive(DeriveIden)]
enum Topics {
    Table,
    Id,
    ForumId,
    AuthorId,
    Title,
    PostCount,
    Locked,
    CreatedAt,
    LastPostAt,
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
    TopicId,
    AuthorId,
    Number,
    BodySource,
    BodyHtml,
    UpvoteCount,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Upvotes {
    Table,
    PostId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    ActorId,
    TopicId,
    PostId,
    Message,
    ReadAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    Data,
    ExpiresAt,
}

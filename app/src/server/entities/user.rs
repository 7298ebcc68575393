use sea_orm::entity::prelude::*;

/// An account. Not `Serialize`: the password hash must never leave the server.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub username: String,
    #[sea_orm(unique)]
    pub username_key: String,
    pub password_hash: String,
    pub birth_date: Date,
    pub role: crate::model::Role,
    pub is_listener: bool,
    pub account_state: crate::model::AccountState,
    pub suspended_until: Option<DateTimeUtc>,
    pub bio: String,
    pub created_at: DateTimeUtc,
    /// How they hear of new queue items they could handle.
    pub queue_alerts: crate::model::QueueAlerts,
    /// When their last queue digest went out.
    pub queue_digest_at: Option<DateTimeUtc>,
    /// On a self-care break since then (None: not on one).
    pub break_started_at: Option<DateTimeUtc>,
    /// When the break ends by itself (None: when they end it).
    pub break_until: Option<DateTimeUtc>,
    /// Deactivated by themselves; logging in within 30 days undoes it.
    pub deactivated_at: Option<DateTimeUtc>,
    /// Closed: name replaced, personal data removed.
    pub closed_at: Option<DateTimeUtc>,
    /// Who may start a private conversation with them. The column is NOT
    /// NULL with a default, but a row returned by an insert on a pooled
    /// connection was seen without it (intermittently, in tests): read as
    /// optional, None meaning the default (everyone).
    pub message_policy: Option<crate::model::MessagePolicy>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

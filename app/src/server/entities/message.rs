use sea_orm::entity::prelude::*;

/// A private message, or an attempt a filter blocked (kept for review).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub conversation_id: i32,
    pub author_id: i32,
    /// As the author typed it (before any masking).
    #[sea_orm(column_type = "Text")]
    pub body_source: String,
    /// Rendered and sanitised, as shown (masked where a rule censors).
    #[sea_orm(column_type = "Text")]
    pub body_html: String,
    pub created_at: DateTimeUtc,
    /// `pending` while a filter holds it (only its author sees it).
    pub review: Option<crate::model::Review>,
    /// Refused by a filter: shown to nobody in the conversation.
    pub blocked: bool,
    /// The rules that acted on it: `contact (hold)`.
    pub filter_rules: String,
    pub hidden_at: Option<DateTimeUtc>,
    /// 1 until edited; each edit adds one (earlier versions are in
    /// `message_revisions`).
    pub version: i32,
    /// When the newest version was written, once edited.
    pub edited_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

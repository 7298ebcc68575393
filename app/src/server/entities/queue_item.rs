use sea_orm::entity::prelude::*;

/// All the flags on one post, as one item of the moderation queue.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "queue_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub post_id: i32,
    pub forum_id: i32,
    pub status: crate::model::QueueStatus,
    pub score: i32,
    #[sea_orm(column_type = "Text")]
    pub snapshot: String,
    pub claimed_by: Option<i32>,
    pub claimed_at: Option<DateTimeUtc>,
    pub escalation: crate::model::Escalation,
    pub outcome: Option<crate::model::Outcome>,
    #[sea_orm(column_type = "Text", nullable)]
    pub resolution_note: Option<String>,
    pub resolved_by: Option<i32>,
    pub resolved_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// When leaders were told the item is overdue.
    pub overdue_notified_at: Option<DateTimeUtc>,
    pub source: crate::model::QueueSource,
    /// The filter rules that put it here, e.g. "contact (hold)".
    #[sea_orm(column_type = "Text")]
    pub rules: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

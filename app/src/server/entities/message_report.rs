use sea_orm::entity::prelude::*;

/// One person's report of a private message, or (no reporter) the filter's
/// record of contact details sent to a teen.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "message_reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub message_id: i32,
    pub conversation_id: i32,
    /// None: the contact filter, about a message to a teen.
    pub reporter_id: Option<i32>,
    pub reason: crate::model::FlagReason,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    /// JSON: the reported message and the few around it when reported.
    #[sea_orm(column_type = "Text")]
    pub snapshot: String,
    pub status: crate::model::FlagStatus,
    pub outcome: Option<crate::model::Outcome>,
    #[sea_orm(column_type = "Text", nullable)]
    pub resolution_note: Option<String>,
    pub resolved_by: Option<i32>,
    pub resolved_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// A warning or suspension given to a person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sanctions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub kind: crate::model::SanctionKind,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub post_id: Option<i32>,
    pub item_id: Option<i32>,
    pub issued_by: i32,
    pub until: Option<DateTimeUtc>,
    pub acknowledged_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// Set when an appeal reversed it: it no longer counts.
    pub reversed_at: Option<DateTimeUtc>,
    /// Decided on a reported private message.
    pub message_id: Option<i32>,
    /// For a mentor badge removed on a message report: the forum.
    pub forum_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

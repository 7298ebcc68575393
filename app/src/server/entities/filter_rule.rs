use sea_orm::entity::prelude::*;

/// A staff phrase rule, or the action of the built-in contact rule, for all
/// forums (`forum_id` None) or one.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "filter_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(column_type = "Text")]
    pub pattern: String,
    pub is_contact: bool,
    pub action: crate::model::FilterAction,
    pub forum_id: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub message: String,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    /// Applies to private messages only (a stricter rule there).
    pub messages_only: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

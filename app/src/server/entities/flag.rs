use sea_orm::entity::prelude::*;

/// One person's report of a post.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "flags")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub item_id: i32,
    pub post_id: i32,
    pub flagger_id: i32,
    pub reason: crate::model::FlagReason,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub weight: i32,
    pub status: crate::model::FlagStatus,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

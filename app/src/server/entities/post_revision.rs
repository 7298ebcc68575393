use sea_orm::entity::prelude::*;

/// One version of an edited post: its whole text, who wrote that version and
/// when. Version 1 is the original; the post row holds the latest copy.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "post_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub post_id: i32,
    pub version: i32,
    #[sea_orm(column_type = "Text")]
    pub body_source: String,
    pub editor_id: i32,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub policy_update: bool,
    #[sea_orm(column_type = "Text")]
    pub policy_summary: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

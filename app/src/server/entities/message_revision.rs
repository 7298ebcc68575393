use sea_orm::entity::prelude::*;

/// An earlier version of an edited private message, whole, as it was shown.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "message_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub message_id: i32,
    pub version: i32,
    #[sea_orm(column_type = "Text")]
    pub body_source: String,
    #[sea_orm(column_type = "Text")]
    pub body_html: String,
    /// When this version was written (sent, or saved by an earlier edit).
    pub written_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

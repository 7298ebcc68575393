use sea_orm::entity::prelude::*;

/// Text typed into a composer and not posted yet.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "drafts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    /// `topic:ID` (a reply) or `forum:SLUG` (a new topic).
    #[sea_orm(primary_key, auto_increment = false)]
    pub draft_key: String,
    pub title: String,
    pub body: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

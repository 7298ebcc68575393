use sea_orm::entity::prelude::*;

/// One automatic action of the safety filters, with the text exactly as its
/// author typed it (a blocked post is kept only here).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "filter_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    /// The forum of a post; None for a private message.
    pub forum_id: Option<i32>,
    /// The post it became; None when blocked (or about a message).
    pub post_id: Option<i32>,
    pub action: crate::model::FilterAction,
    #[sea_orm(column_type = "Text")]
    pub rules: String,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub created_at: DateTimeUtc,
    /// The private message (or refused attempt) it is about.
    pub message_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

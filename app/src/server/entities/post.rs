use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "posts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub topic_id: i32,
    pub author_id: i32,
    pub number: i32,
    #[sea_orm(column_type = "Text")]
    pub body_source: String,
    #[sea_orm(column_type = "Text")]
    pub body_html: String,
    pub upvote_count: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: Option<DateTimeUtc>,
    /// Set while the post is hidden (by flags or a moderator).
    pub hidden_at: Option<DateTimeUtc>,
    /// Why a moderator hid it, in general terms; NULL while it is hidden
    /// only by the weight of reports, waiting for a moderator.
    #[sea_orm(column_type = "Text", nullable)]
    pub hidden_reason: Option<String>,
    /// 1 until the first edit; each edit adds one.
    pub version: i32,
    /// Who made the latest edit.
    pub edited_by: Option<i32>,
    /// None: published; "pending": held by a filter for approval;
    /// "rejected": a moderator kept it unpublished.
    pub review: Option<crate::model::Review>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

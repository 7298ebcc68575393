use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "topics")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub forum_id: i32,
    pub author_id: i32,
    pub title: String,
    pub post_count: i32,
    pub locked: bool,
    pub created_at: DateTimeUtc,
    pub last_post_at: DateTimeUtc,
    /// forum | global; None when not pinned.
    pub pin_scope: Option<crate::model::PinScope>,
    /// Lower comes first among pinned topics.
    pub pin_position: i32,
    /// The pin lapses by itself after this.
    pub pinned_until: Option<DateTimeUtc>,
    /// When a post of the topic last got a policy update.
    pub policy_updated_at: Option<DateTimeUtc>,
    /// Follows its first post's review state: a held first post holds the topic.
    pub review: Option<crate::model::Review>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub kind: crate::model::NotificationKind,
    pub actor_id: Option<i32>,
    pub topic_id: Option<i32>,
    pub post_id: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub message: String,
    pub read_at: Option<DateTimeUtc>,
    /// Taken into an e-mail batch, or passed over (never e-mailed later).
    pub emailed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// A person's appeal against one of their warnings or suspensions.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "appeals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub sanction_id: i32,
    pub user_id: i32,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub status: crate::model::AppealStatus,
    pub decided_by: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub decision_note: String,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// A private conversation between up to eleven people.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conversations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub last_message_at: DateTimeUtc,
    /// A teen forum's mentor with a teen: the teen forums' mentors and
    /// leaders may read it, and both people are told so.
    pub supervised: bool,
    /// Raised only by a guarded UPDATE; a CHECK caps it.
    pub member_count: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

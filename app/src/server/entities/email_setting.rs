use sea_orm::entity::prelude::*;

/// A person's e-mail address and what they want sent to it. Not
/// `Serialize`: the address is shown only to its owner, through a view.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    pub address: String,
    /// None until they followed the confirmation link.
    pub confirmed_at: Option<DateTimeUtc>,
    pub mentions: bool,
    pub replies: bool,
    pub reports: bool,
    pub policy: bool,
    /// When their last notification batch went out (the claim of the next).
    pub batch_sent_at: Option<DateTimeUtc>,
    #[sea_orm(unique)]
    pub unsubscribe_token: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

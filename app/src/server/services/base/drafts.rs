//! Drafts: what someone typed into a composer and has not posted. Each
//! composer has a key: `topic:ID` for a reply, `forum:SLUG` for a new
//! topic. Posting removes the draft in the same transaction as the post.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::AppResult;
use crate::server::entities::draft;

/// The key of a topic's reply composer.
pub fn reply_key(topic_id: i32) -> String {
    format!("topic:{topic_id}")
}

/// The key of a forum's new-topic composer.
pub fn topic_key(forum_slug: &str) -> String {
    format!("forum:{forum_slug}")
}

/// Removes `user`'s draft for `key`, if any (after posting it).
pub async fn discard(db: &impl ConnectionTrait, user_id: i32, key: &str) -> AppResult<()> {
    draft::Entity::delete_many()
        .filter(draft::Column::UserId.eq(user_id))
        .filter(draft::Column::DraftKey.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

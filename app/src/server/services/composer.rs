//! What a composer needs besides posting: drafts saved on the server while
//! someone types (restored when they come back, on any device), and
//! @-mention suggestions limited to people who may read the forum.

use std::collections::HashMap;

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::OnConflict,
};

use crate::error::{AppError, AppResult};
use crate::model::{Draft, MAX_POST_CHARS, MAX_TITLE_CHARS};
use crate::server::db::now;
use crate::server::entities::{draft, forum_mentor, user};
use crate::server::permissions::{Action, Viewer, allows};
use crate::server::services::base::{access, drafts, people};

/// Mention suggestions shown at most.
pub const SUGGESTIONS: usize = 8;

/// Checks that `key` names a composer the viewer can see (a topic they can
/// read, or a forum they can read), and returns it.
async fn composer_key(db: &impl ConnectionTrait, viewer: &Viewer, key: &str) -> AppResult<String> {
    if let Some(id) = key.strip_prefix("topic:").and_then(|id| id.parse().ok()) {
        access::topic(db, Some(viewer), id).await?;
        return Ok(drafts::reply_key(id));
    }
    if let Some(slug) = key.strip_prefix("forum:") {
        let forum = access::forum_by_slug(db, Some(viewer), slug).await?;
        return Ok(drafts::topic_key(&forum.slug));
    }
    Err(AppError::field("key", "Unknown composer."))
}

/// The viewer's draft for a composer, if they left one.
pub async fn load(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    key: &str,
) -> AppResult<Option<Draft>> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let key = composer_key(db, viewer, key).await?;
    Ok(draft::Entity::find_by_id((viewer.id, key))
        .one(db)
        .await?
        .map(|d| Draft {
            title: d.title,
            body: d.body,
            saved_at: d.updated_at,
        }))
}

/// Saves what the viewer has typed into a composer (one row per person and
/// composer: an upsert on the primary key, so two tabs saving at once keep
/// the later text). Empty text removes the draft.
pub async fn save(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    key: &str,
    title: &str,
    body: &str,
) -> AppResult<()> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let key = composer_key(db, viewer, key).await?;
    if title.chars().count() > MAX_TITLE_CHARS * 4 || body.chars().count() > MAX_POST_CHARS {
        return Err(AppError::field(
            "body",
            format!("A draft can be at most {MAX_POST_CHARS} characters."),
        ));
    }
    if title.trim().is_empty() && body.trim().is_empty() {
        return drafts::discard(db, viewer.id, &key).await;
    }
    draft::Entity::insert(draft::ActiveModel {
        user_id: Set(viewer.id),
        draft_key: Set(key),
        title: Set(title.to_string()),
        body: Set(body.to_string()),
        updated_at: Set(now()),
    })
    .on_conflict(
        OnConflict::columns([draft::Column::UserId, draft::Column::DraftKey])
            .update_columns([
                draft::Column::Title,
                draft::Column::Body,
                draft::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// People whose name starts with `prefix` (any case) and who could read a
/// mention in the forum `forum_slug`: not closed, deactivated or on a
/// break (a mention would not reach them), and allowed to read it (a teen
/// forum suggests only teens and its moderators). Up to [`SUGGESTIONS`].
pub async fn mention_suggestions(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    forum_slug: &str,
    prefix: &str,
) -> AppResult<Vec<String>> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let forum = access::forum_by_slug(db, Some(viewer), forum_slug).await?;
    let prefix = prefix.trim().trim_start_matches('@').to_lowercase();
    // Names are letters, digits, _ and -; anything else matches nobody.
    if prefix.is_empty()
        || prefix.chars().count() > 32
        || !prefix
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return Ok(Vec::new());
    }
    let candidates: Vec<people::Access> = people::access_query()
        .filter(user::Column::UsernameKey.starts_with(&prefix))
        .filter(user::Column::ClosedAt.is_null())
        .filter(user::Column::DeactivatedAt.is_null())
        .filter(user::Column::Id.ne(viewer.id))
        .order_by_asc(user::Column::UsernameKey)
        .limit(50)
        .into_model()
        .all(db)
        .await?;
    let mut mentor_of: HashMap<i32, Vec<i32>> = HashMap::new();
    for m in forum_mentor::Entity::find()
        .filter(forum_mentor::Column::UserId.is_in(candidates.iter().map(|c| c.id)))
        .all(db)
        .await?
    {
        mentor_of.entry(m.user_id).or_default().push(m.forum_id);
    }
    let at = now();
    let forum_ref = access::forum_ref(&forum);
    Ok(candidates
        .into_iter()
        // LIKE treats `_` as any character: keep only real prefixes.
        .filter(|c| c.username.to_lowercase().starts_with(&prefix))
        .map(|c| {
            let mentors = mentor_of.remove(&c.id).unwrap_or_default();
            c.viewer(mentors)
        })
        .filter(|v| v.on_break.is_none() && allows(Some(v), Action::ReadForum(forum_ref), at))
        .map(|v| v.username)
        .take(SUGGESTIONS)
        .collect())
}

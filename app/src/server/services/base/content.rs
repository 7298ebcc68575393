//! Post content: validating and rendering a body, writing a post row,
//! writing a new version of one, a forum's kept topic count, and the policy
//! notices a reader sees on guideline posts.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder,
};

use super::{notify, people};
use crate::error::{AppError, AppResult, FieldError};
use crate::model::{MAX_POST_CHARS, PolicyNotice, Review};
use crate::server::entities::{forum, policy_ack, post, post_revision, topic, user};
use crate::server::permissions::Viewer;
use crate::server::{markdown, text};

/// Refuses an empty or oversized post body.
pub fn validate_body(body: &str) -> Option<FieldError> {
    let message = if !text::visible(body) {
        "Write something first.".to_string()
    } else if body.chars().count() > MAX_POST_CHARS {
        format!(
            "Posts can be at most {MAX_POST_CHARS} characters; this one has {}.",
            body.chars().count()
        )
    } else {
        return None;
    };
    Some(FieldError {
        field: "body".into(),
        message,
    })
}

/// Renders a post body to sanitised HTML, linking the @mentions of people
/// who exist; returns them too.
pub async fn render(
    db: &impl ConnectionTrait,
    body: &str,
) -> AppResult<(String, Vec<user::Model>)> {
    let mentioned = people::find_by_names(db, &markdown::mentioned_names(body)).await?;
    let known: HashMap<String, String> = mentioned
        .iter()
        .map(|u| (u.username_key.clone(), u.username.clone()))
        .collect();
    Ok((markdown::render(body, &known), mentioned))
}

/// Renders and stores post `number` of `topic` inside the caller's
/// transaction. A published post notifies the people it mentions and the
/// topic's author at once; a held one (`review` pending) waits until a
/// moderator approves it.
#[allow(clippy::too_many_arguments)]
pub async fn write(
    txn: &impl ConnectionTrait,
    viewer: &Viewer,
    forum: &forum::Model,
    topic: &topic::Model,
    number: i32,
    body: &str,
    review: Option<Review>,
    at: DateTime<Utc>,
) -> AppResult<post::Model> {
    let (body_html, mentioned) = render(txn, body).await?;
    let row = post::ActiveModel {
        topic_id: Set(topic.id),
        author_id: Set(viewer.id),
        number: Set(number),
        body_html: Set(body_html),
        body_source: Set(body.to_string()),
        upvote_count: Set(0),
        created_at: Set(at),
        updated_at: Set(None),
        hidden_at: Set(None),
        hidden_reason: Set(None),
        version: Set(1),
        edited_by: Set(None),
        review: Set(review),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    if review.is_none() {
        notify::mentions_and_reply(txn, viewer, forum, topic, &row, mentioned).await?;
    }
    Ok(row)
}

/// What an editor saves.
#[derive(Debug, Clone, Default)]
pub struct Edit {
    pub body: String,
    /// The version the editor opened.
    pub base_version: i32,
    pub reason: String,
    /// Staff, on a guideline post: mark this edit as a policy update with
    /// this summary.
    pub policy_summary: Option<String>,
}

/// The message shown when someone else saved first.
pub const CONFLICT_MESSAGE: &str = "Someone else changed this post while you were editing. Their version is shown below; your text is still in the form: merge what you need and save again.";

/// Writes a new version of `post` inside the caller's transaction. The
/// UPDATE only matches while the post is still at `base_version`, so of two
/// concurrent saves from the same version exactly one lands.
pub async fn apply(
    txn: &impl ConnectionTrait,
    post: &post::Model,
    editor_id: i32,
    edit: &Edit,
    at: DateTime<Utc>,
) -> AppResult<post::Model> {
    let (html, _) = render(txn, &edit.body).await?;
    let next = edit.base_version + 1;
    let saved = post::Entity::update_many()
        .col_expr(post::Column::BodySource, Expr::value(edit.body.clone()))
        .col_expr(post::Column::BodyHtml, Expr::value(html))
        .col_expr(post::Column::Version, Expr::value(next))
        .col_expr(post::Column::EditedBy, Expr::value(editor_id))
        .col_expr(post::Column::UpdatedAt, Expr::value(at))
        .filter(post::Column::Id.eq(post.id))
        .filter(post::Column::Version.eq(edit.base_version))
        .exec(txn)
        .await?;
    if saved.rows_affected == 0 {
        return Err(AppError::Conflict(CONFLICT_MESSAGE.into()));
    }
    if edit.base_version == 1 {
        // First edit: keep the original as version 1.
        post_revision::ActiveModel {
            post_id: Set(post.id),
            version: Set(1),
            body_source: Set(post.body_source.clone()),
            editor_id: Set(post.author_id),
            reason: Set(String::new()),
            policy_update: Set(false),
            policy_summary: Set(String::new()),
            created_at: Set(post.created_at),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    post_revision::ActiveModel {
        post_id: Set(post.id),
        version: Set(next),
        body_source: Set(edit.body.clone()),
        editor_id: Set(editor_id),
        reason: Set(edit.reason.trim().to_string()),
        policy_update: Set(edit.policy_summary.is_some()),
        policy_summary: Set(edit
            .policy_summary
            .as_deref()
            .map(str::trim)
            .unwrap_or_default()
            .to_string()),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    post::Entity::find_by_id(post.id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Moves `forum_id`'s kept count of published topics by `step` (one more
/// published topic: 1; one hidden or moved away: -1), in the caller's
/// transaction: one relative UPDATE, so concurrent changes each count.
pub async fn count_topics(db: &impl ConnectionTrait, forum_id: i32, step: i64) -> AppResult<()> {
    forum::Entity::update_many()
        .col_expr(
            forum::Column::TopicCount,
            Expr::col(forum::Column::TopicCount).add(step),
        )
        .filter(forum::Column::Id.eq(forum_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The latest policy update of each of `posts`, with whether the viewer has
/// acknowledged it (its editor counts as having done so).
pub async fn notices(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    post_ids: &[i32],
) -> AppResult<HashMap<i32, PolicyNotice>> {
    if post_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let updates = post_revision::Entity::find()
        .filter(post_revision::Column::PostId.is_in(post_ids.to_vec()))
        .filter(post_revision::Column::PolicyUpdate.eq(true))
        .order_by_asc(post_revision::Column::Version)
        .all(db)
        .await?;
    if updates.is_empty() {
        return Ok(HashMap::new());
    }
    let acked: HashSet<(i32, i32)> = match viewer {
        Some(v) => policy_ack::Entity::find()
            .filter(policy_ack::Column::UserId.eq(v.id))
            .filter(policy_ack::Column::PostId.is_in(post_ids.to_vec()))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.post_id, a.version))
            .collect(),
        None => HashSet::new(),
    };
    // Ascending by version, so the last one per post wins.
    let mut latest = HashMap::new();
    for update in updates {
        latest.insert(
            update.post_id,
            PolicyNotice {
                // Whoever wrote the update is not asked to acknowledge it.
                acknowledged: acked.contains(&(update.post_id, update.version))
                    || viewer.is_some_and(|v| v.id == update.editor_id),
                version: update.version,
                summary: update.policy_summary,
                updated_at: update.created_at,
            },
        );
    }
    Ok(latest)
}

//! Access: the one place a forum, topic or post is looked up for a viewer.
//! Every service that shows or acts on one starts here, so what a reader
//! may see is decided once (by `permissions`), not per use case.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::error::{AppError, AppResult};
use crate::model::ForumSummary;
use crate::server::db::now;
use crate::server::entities::{forum, post, topic};
use crate::server::permissions::{
    Action, ForumRef, PostFacts, PostSight, Viewer, allows, check, post_sight,
};

/// The permission view of a forum row.
pub fn forum_ref(forum: &forum::Model) -> ForumRef {
    ForumRef {
        id: forum.id,
        restriction: forum.restriction,
    }
}

pub fn forum_summary(
    forum: &forum::Model,
    topic_count: u64,
    viewer: Option<&Viewer>,
) -> ForumSummary {
    ForumSummary {
        id: forum.id,
        slug: forum.slug.clone(),
        name: forum.name.clone(),
        description: forum.description.clone(),
        restriction: forum.restriction,
        topic_count,
        can_post: allows(viewer, Action::StartTopic(forum_ref(forum)), now()),
    }
}

/// Forums the viewer may read, in the order staff set, without counting
/// their topics (search needs only which forums, not how full they are).
pub async fn forums(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
) -> AppResult<Vec<forum::Model>> {
    let now = now();
    Ok(forum::Entity::find()
        .order_by_asc(forum::Column::Position)
        .order_by_asc(forum::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|f| allows(viewer, Action::ReadForum(forum_ref(f)), now))
        .collect())
}

/// A forum by slug, if the viewer may read it.
pub async fn forum_by_slug(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    slug: &str,
) -> AppResult<forum::Model> {
    let forum = forum::Entity::find()
        .filter(forum::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    check(viewer, Action::ReadForum(forum_ref(&forum)), now())?;
    Ok(forum)
}

/// A topic with its forum, if the viewer may read it.
pub async fn topic(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    topic_id: i32,
) -> AppResult<(topic::Model, forum::Model)> {
    let topic = topic::Entity::find_by_id(topic_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let forum = forum::Entity::find_by_id(topic.forum_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    check(viewer, Action::ReadForum(forum_ref(&forum)), now())?;
    // A topic waiting for review does not exist for anyone but its author
    // and the forum's moderators: what they see of its first post.
    let first = PostFacts {
        forum: forum_ref(&forum),
        author_id: topic.author_id,
        topic_author_id: topic.author_id,
        topic_held: topic.review.is_some(),
        held: false,
        hidden: false,
    };
    if post_sight(viewer, &first) == PostSight::Nothing {
        return Err(AppError::NotFound);
    }
    Ok((topic, forum))
}

/// The facts that decide who sees `post` (of `topic`, in `forum`).
pub fn post_facts(post: &post::Model, topic: &topic::Model, forum: &forum::Model) -> PostFacts {
    PostFacts {
        forum: forum_ref(forum),
        author_id: post.author_id,
        topic_author_id: topic.author_id,
        topic_held: topic.review.is_some(),
        held: post.review.is_some(),
        hidden: post.hidden_at.is_some(),
    }
}

/// A post with its topic and forum, and what the viewer may see of it;
/// NotFound when nothing ([`post_sight`] decides).
async fn find_post(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    post_id: i32,
) -> AppResult<(post::Model, topic::Model, forum::Model, PostSight)> {
    let post = post::Entity::find_by_id(post_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (topic, forum) = topic(db, viewer, post.topic_id).await?;
    match post_sight(viewer, &post_facts(&post, &topic, &forum)) {
        PostSight::Nothing => Err(AppError::NotFound),
        sight => Ok((post, topic, forum, sight)),
    }
}

/// A post with its topic and forum, if the viewer may know it exists (a
/// hidden post shows others a placeholder, never its text).
pub async fn placeable_post(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    post_id: i32,
) -> AppResult<(post::Model, topic::Model, forum::Model)> {
    let (post, topic, forum, _) = find_post(db, viewer, post_id).await?;
    Ok((post, topic, forum))
}

/// A post with its topic and forum, if the viewer may read its text. Every
/// service that returns a post's text, or acts on it, starts here.
pub async fn post(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    post_id: i32,
) -> AppResult<(post::Model, topic::Model, forum::Model)> {
    match find_post(db, viewer, post_id).await? {
        (post, topic, forum, PostSight::Text) => Ok((post, topic, forum)),
        _ => Err(AppError::Forbidden(
            "This post is hidden pending review.".into(),
        )),
    }
}

/// Whether the topic's first post is published. A topic unpublished while
/// its first post is published was hidden by a moderator; a held topic's
/// first post is held too.
pub async fn first_post_published(
    db: &impl ConnectionTrait,
    topic: &topic::Model,
) -> AppResult<bool> {
    if topic.review.is_none() {
        return Ok(true);
    }
    Ok(post::Entity::find()
        .filter(post::Column::TopicId.eq(topic.id))
        .filter(post::Column::Number.eq(1))
        .one(db)
        .await?
        .is_some_and(|p| p.review.is_none()))
}

/// The forum a post is in (whatever its state), if the post exists.
pub async fn forum_of_post(db: &impl ConnectionTrait, post_id: i32) -> AppResult<Option<i32>> {
    let Some(post) = post::Entity::find_by_id(post_id).one(db).await? else {
        return Ok(None);
    };
    Ok(topic::Entity::find_by_id(post.topic_id)
        .one(db)
        .await?
        .map(|t| t.forum_id))
}

/// The forums the viewer may move a topic of `forum_id` to: (slug, name).
pub async fn move_targets(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    forum_id: i32,
) -> AppResult<Vec<(String, String)>> {
    let at = now();
    if !allows(viewer, Action::ModerateTopic { forum_id }, at) {
        return Ok(Vec::new());
    }
    Ok(forum::Entity::find()
        .order_by_asc(forum::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .filter(|f| f.id != forum_id)
        .filter(|f| allows(viewer, Action::ModerateTopic { forum_id: f.id }, at))
        .map(|f| (f.slug, f.name))
        .collect())
}

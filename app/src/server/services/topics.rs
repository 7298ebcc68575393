//! Topics: starting one, and reading one page of its posts.

use std::collections::HashSet;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::error::{AppError, AppResult, FieldError};
use crate::model::FilterAction;
use crate::model::Review;
use crate::model::{MAX_TITLE_CHARS, POSTS_PER_PAGE, PostView, TopicPage};
use crate::server::entities::{post, topic, upvote};
use crate::server::permissions::{Action, PostSight, Viewer, allows, check, post_sight};
use crate::server::services::base::{access, content, drafts, people, pinned, reading, screen};
use crate::server::{db::now, text};

fn validate_title(title: &str) -> Option<FieldError> {
    let message = if !text::visible(title) {
        "Give your topic a title.".to_string()
    } else if title.trim().chars().count() > MAX_TITLE_CHARS {
        format!("Titles can be at most {MAX_TITLE_CHARS} characters.")
    } else {
        return None;
    };
    Some(FieldError {
        field: "title".into(),
        message,
    })
}

/// Starts a topic in the forum `forum_slug`; returns its id.
pub async fn create(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    forum_slug: &str,
    title: &str,
    body: &str,
) -> AppResult<i32> {
    let (title, body) = (&text::clean(title), &text::clean(body));
    let errors: Vec<FieldError> = [validate_title(title), content::validate_body(body)]
        .into_iter()
        .flatten()
        .collect();
    let forum = access::forum_by_slug(db, viewer, forum_slug).await?;
    check(viewer, Action::StartTopic(access::forum_ref(&forum)), now())?;
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let title = title.trim();
    let verdict = screen::evaluate(db, screen::detector(), &forum, &[title, body]).await?;
    let typed = screen::Typed { title, body };
    if verdict.action == Some(FilterAction::Block) {
        screen::record_block(db, viewer, &forum, typed, &verdict).await?;
        return Err(AppError::Validation(
            verdict.block_errors(&["title", "body"]),
        ));
    }
    // A held first post holds its topic: nobody else sees either.
    let review = verdict.holds().then_some(Review::Pending);

    let txn = crate::server::db::begin_write(db).await?;
    let at = now();
    let topic = topic::ActiveModel {
        forum_id: Set(forum.id),
        author_id: Set(viewer.id),
        title: Set(verdict.texts[0].clone()),
        review: Set(review),
        post_count: Set(1),
        locked: Set(false),
        created_at: Set(at),
        last_post_at: Set(at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let post = content::write(
        &txn,
        viewer,
        &forum,
        &topic,
        1,
        &verdict.texts[1],
        review,
        at,
    )
    .await?;
    screen::carry_out(&txn, viewer, &forum, &topic, &post, typed, &verdict).await?;
    if review.is_none() {
        content::count_topics(&txn, forum.id, 1).await?;
    }
    reading::mark_read(&txn, viewer.id, topic.id, 1, at).await?;
    drafts::discard(&txn, viewer.id, &drafts::topic_key(&forum.slug)).await?;
    txn.commit().await?;
    Ok(topic.id)
}

/// The posts of a topic after post number `after` (0 or None: from the start).
pub async fn page(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    topic_id: i32,
    after: Option<i32>,
) -> AppResult<TopicPage> {
    let (topic, forum) = access::topic(db, viewer, topic_id).await?;
    let after = after.unwrap_or(0).max(0);
    let mut rows = post::Entity::find()
        .filter(post::Column::TopicId.eq(topic.id))
        .filter(post::Column::Number.gt(after))
        .order_by_asc(post::Column::Number)
        .limit(POSTS_PER_PAGE + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > POSTS_PER_PAGE;
    rows.truncate(POSTS_PER_PAGE as usize);
    let next_after = if more {
        rows.last().map(|p| p.number)
    } else {
        None
    };
    let prev_after = (after > 0).then(|| (after - POSTS_PER_PAGE as i32).max(0));
    let first_published = access::first_post_published(db, &topic).await?;
    // Where the viewer left off, read before this page moves it on.
    let first_unread = match viewer {
        Some(v) => {
            let mark = reading::last_read(db, v.id, topic.id).await?;
            if let Some(last) = rows.last() {
                reading::mark_read(db, v.id, topic.id, last.number, now()).await?;
            }
            mark.and_then(|m| {
                rows.iter()
                    .find(|p| p.number > m && p.author_id != v.id)
                    .map(|p| p.number)
            })
        }
        None => None,
    };

    let upvoted: HashSet<i32> = match viewer {
        Some(v) if !rows.is_empty() => upvote::Entity::find()
            .filter(upvote::Column::UserId.eq(v.id))
            .filter(upvote::Column::PostId.is_in(rows.iter().map(|p| p.id)))
            .all(db)
            .await?
            .into_iter()
            .map(|u| u.post_id)
            .collect(),
        _ => HashSet::new(),
    };
    let mut authors: Vec<i32> = rows.iter().map(|p| p.author_id).collect();
    authors.extend(rows.iter().filter_map(|p| p.edited_by));
    let people = people::summaries(db, &authors).await?;
    let forum_ref = access::forum_ref(&forum);
    let at = now();
    let can_reply = allows(
        viewer,
        Action::Reply {
            forum: forum_ref,
            locked: topic.locked,
        },
        at,
    );
    let post_ids: Vec<i32> = rows.iter().map(|p| p.id).collect();
    let blocked = match viewer {
        Some(v) => people::blocked_by(db, v.id).await?,
        None => HashSet::new(),
    };
    let mut notices = content::notices(db, viewer, &post_ids).await?;
    let posts = rows
        .into_iter()
        .filter_map(|p| {
            let facts = access::post_facts(&p, &topic, &forum);
            let hidden = p.hidden_at.is_some();
            let published = facts.published();
            let sees_text = match post_sight(viewer, &facts) {
                PostSight::Nothing => return None,
                PostSight::Placeholder => false,
                PostSight::Text => true,
            };
            // Others see only that the post is hidden, never its text.
            let body_html = if sees_text {
                p.body_html
            } else {
                String::new()
            };
            // Its author and moderators are shown what held it.
            let contact = (sees_text && p.review == Some(Review::Pending))
                .then(|| {
                    let title = if p.number == 1 {
                        topic.title.as_str()
                    } else {
                        ""
                    };
                    screen::explain(&[&p.body_source, title])
                })
                .flatten();
            Some(PostView {
                by_blocked: blocked.contains(&p.author_id),
                contact,
                own: viewer.is_some_and(|v| v.id == p.author_id),
                edited_by: p.edited_by.and_then(|id| people.get(&id).cloned()),
                can_edit: allows(
                    viewer,
                    Action::EditPost {
                        forum: forum_ref,
                        author_id: p.author_id,
                    },
                    at,
                ),
                version: p.version,
                policy: notices.remove(&p.id),
                author: people.get(&p.author_id)?.clone(),
                hidden,
                hidden_by_moderator: hidden && p.hidden_reason.is_some(),
                hidden_reason: p.hidden_reason.clone().filter(|_| hidden && sees_text),
                is_op: p.author_id == topic.author_id,
                upvoted: upvoted.contains(&p.id),
                can_flag: published
                    && allows(
                        viewer,
                        Action::Flag {
                            forum: forum_ref,
                            author_id: p.author_id,
                        },
                        at,
                    ),
                can_upvote: published
                    && allows(
                        viewer,
                        Action::Upvote {
                            forum: forum_ref,
                            author_id: p.author_id,
                        },
                        at,
                    ),
                can_quote: sees_text && can_reply,
                id: p.id,
                topic_id: p.topic_id,
                number: p.number,
                body_html,
                upvotes: p.upvote_count,
                created_at: p.created_at,
                updated_at: p.updated_at,
                review: p.review,
            })
        })
        .collect();
    Ok(TopicPage {
        id: topic.id,
        title: topic.title.clone(),
        can_reply,
        pin: pinned::pin_of(&topic, at),
        can_pin: allows(
            viewer,
            Action::PinTopic {
                forum_id: forum.id,
                global: false,
            },
            at,
        ),
        can_pin_globally: allows(
            viewer,
            Action::PinTopic {
                forum_id: forum.id,
                global: true,
            },
            at,
        ),
        can_dismiss_pin: viewer.is_some()
            && pinned::pin_of(&topic, at).is_some_and(|p| p.global)
            && !pinned::dismissed(db, viewer, &topic).await?,
        can_see_acknowledgements: allows(viewer, Action::SeePolicyAcknowledgements, at),
        logged_in: viewer.is_some(),
        forum: access::forum_summary(&forum, 0, viewer),
        locked: topic.locked,
        can_moderate: allows(viewer, Action::ModerateTopic { forum_id: forum.id }, at),
        // Unpublished while its first post is published: a moderator hid it
        // (a held topic's first post is unpublished too).
        hidden: topic.review == Some(Review::Rejected) && first_published,
        move_to: access::move_targets(db, viewer, forum.id).await?,
        posts,
        next_after,
        prev_after,
        first_unread,
    })
}

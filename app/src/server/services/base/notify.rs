//! Recording notifications: one for a person, the mentions and reply a
//! published post causes, and the fan-out of a policy update.

use std::collections::HashMap;

use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::{access, people};
use crate::error::AppResult;
use crate::model::NotificationKind;
use crate::server::db::now;
use crate::server::entities::{forum, forum_mentor, notification, post, topic, user};
use crate::server::markdown;
use crate::server::permissions::{Action, Viewer, allows};
use crate::server::permissions::{PostSight, post_sight};

/// A notification row for `user_id`, to insert alone or with others.
pub fn row(
    user_id: i32,
    kind: NotificationKind,
    actor_id: Option<i32>,
    topic_id: Option<i32>,
    post_id: Option<i32>,
    message: String,
) -> notification::ActiveModel {
    notification::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind),
        actor_id: Set(actor_id),
        topic_id: Set(topic_id),
        post_id: Set(post_id),
        message: Set(message),
        read_at: Set(None),
        emailed_at: Set(None),
        created_at: Set(now()),
        ..Default::default()
    }
}

/// Records a notification for `user_id`.
pub async fn create(
    db: &impl ConnectionTrait,
    user_id: i32,
    kind: NotificationKind,
    actor_id: Option<i32>,
    topic_id: Option<i32>,
    post_id: Option<i32>,
    message: String,
) -> AppResult<()> {
    row(user_id, kind, actor_id, topic_id, post_id, message)
        .insert(db)
        .await?;
    Ok(())
}

/// Where a notification of `kind` leads: `/p/{id}` redirects to the page
/// of the topic that holds the post.
pub fn link(kind: NotificationKind, post_id: Option<i32>, topic_id: Option<i32>) -> Option<String> {
    match (post_id, topic_id) {
        _ if matches!(
            kind,
            NotificationKind::Warning
                | NotificationKind::Suspension
                | NotificationKind::AppealDecided
        ) =>
        {
            Some("/account/warnings".into())
        }
        _ if kind == NotificationKind::QueueOverdue => Some("/queue".into()),
        // What happened to a report: the person's list of reports.
        _ if matches!(
            kind,
            NotificationKind::FlagReceived | NotificationKind::FlagOutcome
        ) =>
        {
            Some("/account/reports".into())
        }
        _ if kind == NotificationKind::AppealWaiting => Some("/queue/appeals".into()),
        // A private conversation: the inbox (conversations are not topics).
        _ if kind == NotificationKind::MessageMention => Some("/messages".into()),
        (Some(p), _) => Some(format!("/p/{p}")),
        (None, Some(t)) => Some(format!("/t/{t}")),
        (None, None) => None,
    }
}

/// Plain-text excerpts of the posts `ids`, for those the viewer reads as
/// text now and that are published (three queries for a whole page).
pub async fn excerpts(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    ids: &[i32],
    chars: usize,
) -> AppResult<HashMap<i32, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let posts = post::Entity::find()
        .filter(post::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let topics: HashMap<i32, topic::Model> = topic::Entity::find()
        .filter(topic::Column::Id.is_in(posts.iter().map(|p| p.topic_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let forums: HashMap<i32, forum::Model> = forum::Entity::find()
        .filter(forum::Column::Id.is_in(topics.values().map(|t| t.forum_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
    Ok(posts
        .into_iter()
        .filter_map(|p| {
            let topic = topics.get(&p.topic_id)?;
            let forum = forums.get(&topic.forum_id)?;
            let facts = access::post_facts(&p, topic, forum);
            let readable = facts.published() && post_sight(Some(viewer), &facts) == PostSight::Text;
            readable.then(|| (p.id, markdown::excerpt(&p.body_source, chars)))
        })
        .collect())
}

/// At most this many people are notified of a mention in one post (the
/// first ones named); more are still linked, but nobody can page the
/// whole forum with one post. Discourse's default is the same.
pub const MAX_MENTIONS_NOTIFIED: usize = 10;

/// Tells the people a newly published post mentions, and the topic's
/// author, about it.
pub async fn post_published(
    txn: &impl ConnectionTrait,
    author: &Viewer,
    forum: &forum::Model,
    topic: &topic::Model,
    post: &post::Model,
) -> AppResult<()> {
    let mentioned =
        people::find_by_names(txn, &markdown::mentioned_names(&post.body_source)).await?;
    mentions_and_reply(txn, author, forum, topic, post, mentioned).await
}

/// [`post_published`], with the mentioned people already looked up.
pub async fn mentions_and_reply(
    txn: &impl ConnectionTrait,
    author: &Viewer,
    forum: &forum::Model,
    topic: &topic::Model,
    post: &post::Model,
    mentioned: Vec<user::Model>,
) -> AppResult<()> {
    // In the order they are named, so the cap keeps the first ones.
    let order = markdown::mentioned_names(&post.body_source);
    let mut mentioned = mentioned;
    mentioned.sort_by_key(|u| order.iter().position(|n| *n == u.username_key));
    mentioned.truncate(MAX_MENTIONS_NOTIFIED);
    let at = now();
    let forum_ref = access::forum_ref(forum);
    let mut notified = vec![author.id];
    for person in mentioned {
        if notified.contains(&person.id) {
            continue;
        }
        notified.push(person.id);
        // Someone who cannot read the forum is not told about it.
        let Some(target) = people::load_viewer(txn, person.id).await? else {
            continue;
        };
        if !allows(Some(&target), Action::ReadForum(forum_ref), at) {
            continue;
        }
        // Someone who blocked the writer (or whom the writer blocked) does
        // not hear of their mentions.
        if people::blocked_either(txn, person.id, author.id).await? {
            continue;
        }
        // Someone on a self-care break is not told; the writer is, so
        // nobody waits for an answer that will not come.
        if target.on_break.is_some() {
            create(
                txn,
                author.id,
                NotificationKind::MentionOnBreak,
                None,
                Some(topic.id),
                Some(post.id),
                format!(
                    "{} is taking a self-care break and was not notified of your mention in “{}”",
                    target.username, topic.title
                ),
            )
            .await?;
            continue;
        }
        create(
            txn,
            person.id,
            NotificationKind::Mention,
            Some(author.id),
            Some(topic.id),
            Some(post.id),
            format!("{} mentioned you in “{}”", author.username, topic.title),
        )
        .await?;
    }
    let topic_author_away = match people::load_viewer(txn, topic.author_id).await? {
        Some(topic_author) => topic_author.on_break.is_some(),
        None => true,
    };
    if post.number > 1 && !notified.contains(&topic.author_id) && !topic_author_away {
        create(
            txn,
            topic.author_id,
            NotificationKind::Reply,
            Some(author.id),
            Some(topic.id),
            Some(post.id),
            format!(
                "{} replied to your topic “{}”",
                author.username, topic.title
            ),
        )
        .await?;
    }
    Ok(())
}

/// Notifications inserted per statement when a policy update fans out
/// (SQLite allows 32 766 bound values; a row binds 8).
const NOTIFY_BATCH: usize = 500;

/// After a policy edit of `post` is saved: marks the topic (a dismissed
/// global pin comes back) and tells everyone who can read the forum.
/// Runs in the caller's transaction.
pub async fn policy_update(
    txn: &impl ConnectionTrait,
    forum: &forum::Model,
    topic: &topic::Model,
    post: &post::Model,
    editor: &Viewer,
    summary: &str,
) -> AppResult<()> {
    let at = now();
    topic::Entity::update_many()
        .col_expr(topic::Column::PolicyUpdatedAt, Expr::value(at))
        .filter(topic::Column::Id.eq(topic.id))
        .exec(txn)
        .await?;
    let forum_ref = access::forum_ref(forum);
    let mentors: HashMap<i32, Vec<i32>> = forum_mentor::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .fold(HashMap::new(), |mut map, m| {
            map.entry(m.user_id).or_default().push(m.forum_id);
            map
        });
    // Only the columns that decide access: never password hashes.
    let people: Vec<people::Access> = people::access_query()
        .filter(user::Column::Id.ne(editor.id))
        .into_model()
        .all(txn)
        .await?;
    let message = format!("Policy update to “{}”: {summary}", topic.title);
    let rows: Vec<notification::ActiveModel> = people
        .into_iter()
        .map(|person| {
            let mentor_of = mentors.get(&person.id).cloned().unwrap_or_default();
            person.viewer(mentor_of)
        })
        .filter(|reader| allows(Some(reader), Action::ReadForum(forum_ref), at))
        // On a break: no notification (the banner waits on the topic).
        .filter(|reader| reader.on_break.is_none())
        .map(|reader| {
            row(
                reader.id,
                NotificationKind::PolicyUpdate,
                Some(editor.id),
                Some(topic.id),
                Some(post.id),
                message.clone(),
            )
        })
        .collect();
    // A few statements for the whole forum, not one per reader: the edit's
    // write transaction stays short.
    for chunk in rows.chunks(NOTIFY_BATCH) {
        notification::Entity::insert_many(chunk.to_vec())
            .exec(txn)
            .await?;
    }
    Ok(())
}

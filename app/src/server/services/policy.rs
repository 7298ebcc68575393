//! Policy updates of guideline posts. Staff mark an edit as a policy update
//! with a summary; everyone who can see the forum is notified, and the post
//! asks each reader to acknowledge that version ("I have read this update")
//! until they do. Staff see, for each version, who has acknowledged it.

use std::collections::{HashMap, HashSet};

use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, OnConflict},
};

use crate::error::{AppError, AppResult};
use crate::model::NotificationKind;
use crate::model::{PolicyAcknowledgements, PolicyNotice, PolicyVersionAcks};
use crate::server::db::now;
use crate::server::entities::{
    forum, forum_mentor, notification, policy_ack, post, post_revision, topic, user,
};
use crate::server::permissions::{Action, Viewer, allows, check};
use crate::server::services::{accounts, forums, notifications, posts};

/// Notifications inserted per statement when a policy update fans out
/// (SQLite allows 32 766 bound values; a row binds 8).
const NOTIFY_BATCH: usize = 500;

/// After a policy edit of `post` is saved: marks the topic (a dismissed
/// global pin comes back) and tells everyone who can read the forum.
/// Runs in the caller's transaction.
pub(crate) async fn announce(
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
    let forum_ref = forums::forum_ref(forum);
    let mentors: HashMap<i32, Vec<i32>> = forum_mentor::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .fold(HashMap::new(), |mut map, m| {
            map.entry(m.user_id).or_default().push(m.forum_id);
            map
        });
    // Only the columns that decide access: never password hashes.
    let people: Vec<accounts::Access> = accounts::access_query()
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
        .map(|reader| {
            notifications::row(
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

/// The latest policy update of each of `posts`, with whether the viewer has
/// acknowledged it.
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
                acknowledged: acked.contains(&(update.post_id, update.version)),
                version: update.version,
                summary: update.policy_summary,
                updated_at: update.created_at,
            },
        );
    }
    Ok(latest)
}

/// The viewer has read policy version `version` of a post.
pub async fn acknowledge(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    post_id: i32,
    version: i32,
) -> AppResult<()> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    posts::readable(db, Some(viewer), post_id).await?;
    let is_policy = post_revision::Entity::find()
        .filter(post_revision::Column::PostId.eq(post_id))
        .filter(post_revision::Column::Version.eq(version))
        .filter(post_revision::Column::PolicyUpdate.eq(true))
        .one(db)
        .await?
        .is_some();
    if !is_policy {
        return Err(AppError::NotFound);
    }
    // DO NOTHING: acknowledging twice (two tabs) is harmless.
    policy_ack::Entity::insert(policy_ack::ActiveModel {
        user_id: Set(viewer.id),
        post_id: Set(post_id),
        version: Set(version),
        created_at: Set(now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            policy_ack::Column::PostId,
            policy_ack::Column::Version,
            policy_ack::Column::UserId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// For staff: each policy version of a post, newest first, with who has
/// acknowledged it.
pub async fn acknowledgements(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    post_id: i32,
) -> AppResult<PolicyAcknowledgements> {
    check(viewer, Action::SeePolicyAcknowledgements, now())?;
    let (post, topic, _) = posts::readable(db, viewer, post_id).await?;
    let updates = post_revision::Entity::find()
        .filter(post_revision::Column::PostId.eq(post.id))
        .filter(post_revision::Column::PolicyUpdate.eq(true))
        .order_by_desc(post_revision::Column::Version)
        .all(db)
        .await?;
    let acks = policy_ack::Entity::find()
        .filter(policy_ack::Column::PostId.eq(post.id))
        .order_by_asc(policy_ack::Column::Id)
        .all(db)
        .await?;
    let mut ids: Vec<i32> = acks.iter().map(|a| a.user_id).collect();
    ids.extend(updates.iter().map(|u| u.editor_id));
    let people = accounts::summaries(db, &ids).await?;
    Ok(PolicyAcknowledgements {
        post_id: post.id,
        topic_title: topic.title,
        versions: updates
            .into_iter()
            .filter_map(|u| {
                let who: Vec<_> = acks
                    .iter()
                    .filter(|a| a.version == u.version)
                    .filter_map(|a| people.get(&a.user_id).cloned())
                    .collect();
                Some(PolicyVersionAcks {
                    version: u.version,
                    summary: u.policy_summary,
                    editor: people.get(&u.editor_id)?.clone(),
                    created_at: u.created_at,
                    count: who.len() as u64,
                    people: who,
                })
            })
            .collect(),
    })
}

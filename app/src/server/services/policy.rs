//! Policy updates of guideline posts. Staff mark an edit as a policy update
//! with a summary; everyone who can see the forum is notified, and the post
//! asks each reader to acknowledge that version ("I have read this update")
//! until they do. Staff see, for each version, who has acknowledged it.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::OnConflict,
};

use crate::error::{AppError, AppResult};
use crate::model::{PolicyAcknowledgements, PolicyVersionAcks};
use crate::server::db::now;
use crate::server::entities::{policy_ack, post_revision};
use crate::server::permissions::{Action, Viewer, check};
use crate::server::services::base::{access, people};

/// The viewer has read policy version `version` of a post.
pub async fn acknowledge(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    post_id: i32,
    version: i32,
) -> AppResult<()> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    access::post(db, Some(viewer), post_id).await?;
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
    let (post, topic, _) = access::post(db, viewer, post_id).await?;
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
    let people = people::summaries(db, &ids).await?;
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

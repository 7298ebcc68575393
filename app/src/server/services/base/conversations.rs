//! Private conversations as the layer below the use cases sees them: who is
//! in one, which of its messages a person may see, who mentors teens, and
//! filing a report about a message with a snapshot of the messages around
//! it (by a person, or by the contact filter for a message to a teen).

use serde::{Deserialize, Serialize};

use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::{content, people};
use crate::error::{AppError, AppResult};
use crate::model::{FlagReason, FlagStatus, Restriction, SnapshotMessage};
use crate::server::db::now;
use crate::server::entities::{conversation_member, forum, forum_mentor, message, message_report};

/// Messages on each side of a reported one in its snapshot.
pub const SNAPSHOT_AROUND: u64 = 3;

/// Whether `user_id` mentors a teen forum.
pub async fn mentors_teens(db: &impl ConnectionTrait, user_id: i32) -> AppResult<bool> {
    Ok(!teen_forums_mentored(db, user_id).await?.is_empty())
}

/// The teen forums `user_id` mentors.
pub async fn teen_forums_mentored(db: &impl ConnectionTrait, user_id: i32) -> AppResult<Vec<i32>> {
    let forums: Vec<i32> = forum_mentor::Entity::find()
        .filter(forum_mentor::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.forum_id)
        .collect();
    if forums.is_empty() {
        return Ok(forums);
    }
    Ok(forum::Entity::find()
        .filter(forum::Column::Id.is_in(forums))
        .filter(forum::Column::Restriction.eq(Restriction::TeensOnly))
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.id)
        .collect())
}

/// The people in a conversation now (not those who left).
pub async fn current_members(
    db: &impl ConnectionTrait,
    conversation_id: i32,
) -> AppResult<Vec<i32>> {
    Ok(conversation_member::Entity::find()
        .filter(conversation_member::Column::ConversationId.eq(conversation_id))
        .filter(conversation_member::Column::LeftAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect())
}

/// Messages of a conversation `viewer_id` may see as one of its people:
/// not blocked attempts, not hidden; held ones only their author's.
pub fn visible_to(viewer_id: i32) -> Condition {
    Condition::all()
        .add(message::Column::Blocked.eq(false))
        .add(message::Column::HiddenAt.is_null())
        .add(
            Condition::any()
                .add(message::Column::Review.is_null())
                .add(message::Column::AuthorId.eq(viewer_id)),
        )
}

/// Messages everyone in a conversation was shown: delivered, not blocked
/// (hidden ones included: a reviewer sees them, marked).
pub fn delivered() -> Condition {
    Condition::all()
        .add(message::Column::Blocked.eq(false))
        .add(message::Column::Review.is_null())
}

/// What a report keeps of a conversation: who was in it and the messages
/// around the reported one, as they were.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Snapshot {
    pub to: Vec<String>,
    pub messages: Vec<SnapshotMessage>,
}

impl Snapshot {
    /// Reads a stored snapshot; an unreadable one is empty.
    pub fn parse(json: &str) -> Self {
        serde_json::from_str(json).unwrap_or_default()
    }
}

/// The snapshot of `reported`: up to [`SNAPSHOT_AROUND`] delivered messages
/// on each side of it, and the other people in the conversation.
pub async fn snapshot(db: &impl ConnectionTrait, reported: &message::Model) -> AppResult<Snapshot> {
    let in_it = || {
        message::Entity::find()
            .filter(message::Column::ConversationId.eq(reported.conversation_id))
            .filter(delivered())
            .filter(message::Column::HiddenAt.is_null())
    };
    let mut before = in_it()
        .filter(message::Column::Id.lt(reported.id))
        .order_by_desc(message::Column::Id)
        .limit(SNAPSHOT_AROUND)
        .all(db)
        .await?;
    before.reverse();
    let after = in_it()
        .filter(message::Column::Id.gt(reported.id))
        .order_by_asc(message::Column::Id)
        .limit(SNAPSHOT_AROUND)
        .all(db)
        .await?;
    let mut rows = before;
    rows.push(reported.clone());
    rows.extend(after);
    let members = current_members(db, reported.conversation_id).await?;
    let mut ids: Vec<i32> = rows.iter().map(|m| m.author_id).collect();
    ids.extend(members.iter().copied());
    let names = people::summaries(db, &ids).await?;
    let name = |id: &i32| {
        names
            .get(id)
            .map(|u| u.username.clone())
            .unwrap_or_default()
    };
    let mut messages = Vec::new();
    for m in rows {
        // A blocked attempt was never rendered: render it for the reviewer.
        let body_html = if m.body_html.is_empty() {
            content::render(db, &m.body_source).await?.0
        } else {
            m.body_html.clone()
        };
        messages.push(SnapshotMessage {
            id: m.id,
            author: name(&m.author_id),
            body_html,
            created_at: m.created_at,
            reported: m.id == reported.id,
        });
    }
    Ok(Snapshot {
        to: members
            .iter()
            .filter(|id| **id != reported.author_id)
            .map(name)
            .collect(),
        messages,
    })
}

/// Files a report about `reported` (by `reporter`, or by the filter when
/// None) with its snapshot, in the caller's transaction. Returns whether
/// it was filed: a person's second open report of one message is refused
/// by the database (a partial unique index), even when sent at once.
pub async fn file_report(
    txn: &impl ConnectionTrait,
    reported: &message::Model,
    reporter: Option<i32>,
    reason: FlagReason,
    note: &str,
    snapshot: &Snapshot,
) -> AppResult<bool> {
    let json = serde_json::to_string(snapshot)
        .map_err(|e| AppError::internal(format!("snapshot: {e}")))?;
    let inserted = message_report::Entity::insert(message_report::ActiveModel {
        message_id: Set(reported.id),
        conversation_id: Set(reported.conversation_id),
        reporter_id: Set(reporter),
        reason: Set(reason),
        note: Set(note.to_string()),
        snapshot: Set(json),
        status: Set(FlagStatus::Open),
        outcome: Set(None),
        resolution_note: Set(None),
        resolved_by: Set(None),
        resolved_at: Set(None),
        created_at: Set(now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            message_report::Column::ReporterId,
            message_report::Column::MessageId,
        ])
        .target_and_where(sea_orm::sea_query::Expr::cust("status = 'open'"))
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(inserted == 1)
}

/// Whether a report about a message of `conversation_id` is open.
pub async fn reported(db: &impl ConnectionTrait, conversation_id: i32) -> AppResult<bool> {
    Ok(message_report::Entity::find()
        .filter(message_report::Column::ConversationId.eq(conversation_id))
        .filter(message_report::Column::Status.eq(FlagStatus::Open))
        .count(db)
        .await?
        > 0)
}

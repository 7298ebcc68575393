//! Reading pins: whether a topic is pinned now, which pins a list shows, and
//! whether a person hid a global pin. (Pinning is the `pins` use case.)

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{access, people};
use crate::error::AppResult;
use crate::model::PinScope as Scope;
use crate::model::{PinView, TopicSummary};
use crate::server::db::now;
use crate::server::entities::{forum, pin_dismissal, topic};
use crate::server::permissions::{Action, Viewer, allows};

/// The topic's pin, if it is pinned now.
pub fn pin_of(topic: &topic::Model, at: DateTime<Utc>) -> Option<PinView> {
    let scope = topic.pin_scope?;
    if topic.pinned_until.is_some_and(|until| until <= at) {
        return None;
    }
    Some(PinView {
        global: scope == Scope::Global,
        position: topic.pin_position,
        until: topic.pinned_until,
    })
}

/// Topics pinned now: a pin scope set, and no end date or one still ahead.
fn active(at: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(topic::Column::PinScope.is_not_null())
        .add(
            Condition::any()
                .add(topic::Column::PinnedUntil.is_null())
                .add(topic::Column::PinnedUntil.gt(at)),
        )
}

/// Topics not pinned now (the ordinary activity list).
pub fn not_pinned(at: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(topic::Column::PinScope.is_null())
        .add(topic::Column::PinnedUntil.lte(at))
}

/// A dismissal holds until the topic's next policy update.
fn still_dismissed(dismissal: &pin_dismissal::Model, topic: &topic::Model) -> bool {
    topic
        .policy_updated_at
        .is_none_or(|updated| dismissal.dismissed_at > updated)
}

/// Whether the viewer has hidden this global pin (and no policy update
/// came after).
pub async fn dismissed(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    topic: &topic::Model,
) -> AppResult<bool> {
    let Some(viewer) = viewer else {
        return Ok(false);
    };
    let row = pin_dismissal::Entity::find_by_id((viewer.id, topic.id))
        .one(db)
        .await?;
    Ok(row.is_some_and(|d| still_dismissed(&d, topic)))
}

/// Pinned topics for a forum's list (`forum_id` Some) or the home page
/// (None: global pins only), in pin order. Global pins the viewer hid, or
/// from forums they cannot read, are left out.
pub async fn pinned(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    forum_id: Option<i32>,
) -> AppResult<Vec<TopicSummary>> {
    let at = now();
    let mut scope = Condition::any().add(topic::Column::PinScope.eq(Scope::Global));
    if let Some(forum_id) = forum_id {
        scope = scope.add(topic::Column::ForumId.eq(forum_id));
    }
    let rows = topic::Entity::find()
        .filter(active(at))
        .filter(scope)
        .filter(topic::Column::Review.is_null())
        .order_by_asc(topic::Column::PinPosition)
        .order_by_asc(topic::Column::Id)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let forums: HashMap<i32, forum::Model> = forum::Entity::find()
        .filter(forum::Column::Id.is_in(rows.iter().map(|t| t.forum_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
    let hidden: HashSet<i32> = match viewer {
        Some(v) => pin_dismissal::Entity::find()
            .filter(pin_dismissal::Column::UserId.eq(v.id))
            .all(db)
            .await?
            .into_iter()
            .filter(|d| {
                rows.iter()
                    .find(|t| t.id == d.topic_id)
                    .is_some_and(|t| still_dismissed(d, t))
            })
            .map(|d| d.topic_id)
            .collect(),
        None => HashSet::new(),
    };
    let rows: Vec<topic::Model> = rows
        .into_iter()
        .filter(|t| {
            let readable = forums
                .get(&t.forum_id)
                .is_some_and(|f| allows(viewer, Action::ReadForum(access::forum_ref(f)), at));
            let own_forum = Some(t.forum_id) == forum_id;
            readable && (own_forum || !hidden.contains(&t.id))
        })
        .collect();
    let authors: Vec<i32> = rows.iter().map(|t| t.author_id).collect();
    let people = people::summaries(db, &authors).await?;
    Ok(rows
        .into_iter()
        .filter_map(|t| list_entry(t, &people, at))
        .collect())
}

/// A topic row as a list entry.
pub fn list_entry(
    t: topic::Model,
    people: &HashMap<i32, crate::model::UserSummary>,
    at: DateTime<Utc>,
) -> Option<TopicSummary> {
    Some(TopicSummary {
        author: people.get(&t.author_id)?.clone(),
        pin: pin_of(&t, at),
        id: t.id,
        title: t.title,
        post_count: t.post_count,
        locked: t.locked,
        created_at: t.created_at,
        last_post_at: t.last_post_at,
        unread: 0,
        last_read: None,
        new: false,
    })
}

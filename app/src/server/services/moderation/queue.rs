//! The queue as moderators see it: listing, claiming, escalating.

use super::*;
use crate::model::Badge;
use crate::server::services::base::{audit, people, screen, standing};

/// Open items the viewer may handle, most urgent first (score, then age).
pub async fn queue(
    db: &impl ConnectionTrait,
    config: &ModerationConfig,
    viewer: Option<&Viewer>,
    forum_id: Option<i32>,
    reason: Option<FlagReason>,
) -> AppResult<Vec<QueueItemView>> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let mut query =
        queue_item::Entity::find().filter(queue_item::Column::Status.eq(QueueStatus::Open));
    if let Some(forum_id) = forum_id {
        query = query.filter(queue_item::Column::ForumId.eq(forum_id));
    }
    let at = now();
    let items: Vec<queue_item::Model> = query
        .order_by_desc(queue_item::Column::Score)
        .order_by_asc(queue_item::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .filter(|item| {
            let action = Action::HandleItem {
                forum_id: item.forum_id,
                escalation: escalation_of(item),
            };
            check(Some(viewer), action, at).is_ok()
        })
        .collect();
    if items.is_empty() {
        return Ok(Vec::new());
    }

    let item_ids: Vec<i32> = items.iter().map(|i| i.id).collect();
    let flags = flag::Entity::find()
        .filter(flag::Column::ItemId.is_in(item_ids))
        .filter(flag::Column::Status.eq(FlagStatus::Open))
        .order_by_asc(flag::Column::Id)
        .all(db)
        .await?;
    let posts = posts_of(db, &items).await?;
    let mut people: Vec<i32> = flags.iter().map(|f| f.flagger_id).collect();
    people.extend(posts.values().map(|p| p.author_id));
    people.extend(items.iter().filter_map(|i| i.claimed_by));
    let people = people::summaries(db, &people).await?;
    // One grouped query each for the reporters' accuracy and the authors'
    // records, however many items and reports the page shows.
    let accuracies = if allows(Some(viewer), Action::SeeFlagAccuracy, at) {
        let flaggers: Vec<i32> = flags.iter().map(|f| f.flagger_id).collect();
        standing::accuracies(db, &flaggers).await?
    } else {
        HashMap::new()
    };
    let authors: Vec<i32> = posts.values().map(|p| p.author_id).collect();
    let records = standing::histories(db, &authors).await?;
    // Which badges the viewer could take away from each author: offered
    // only to those allowed to.
    let removes_badges = allows(Some(viewer), Action::RemoveBadge, at);
    let mentoring: Vec<(i32, i32)> = if removes_badges {
        crate::server::entities::forum_mentor::Entity::find()
            .filter(
                crate::server::entities::forum_mentor::Column::UserId
                    .is_in(authors.iter().copied()),
            )
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.forum_id, m.user_id))
            .collect()
    } else {
        Vec::new()
    };

    let forum_names: HashMap<i32, String> = forum::Entity::find()
        .filter(forum::Column::Id.is_in(items.iter().map(|i| i.forum_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.id, f.name))
        .collect();

    let mut views = Vec::new();
    for item in items {
        let Some(post) = posts.get(&item.post_id) else {
            continue;
        };
        let Some(author) = people.get(&post.author_id).cloned() else {
            continue;
        };
        let item_flags: Vec<FlagView> = flags
            .iter()
            .filter(|f| f.item_id == item.id)
            .filter(|f| reason.is_none_or(|r| r == f.reason))
            .filter_map(|f| {
                Some(FlagView {
                    id: f.id,
                    flagger: people.get(&f.flagger_id)?.clone(),
                    reason: f.reason,
                    note: f.note.clone(),
                    weight: f.weight,
                    accuracy: accuracies.get(&f.flagger_id).copied(),
                    created_at: f.created_at,
                })
            })
            .collect();
        // An item from a filter may have no reports; it still shows, unless
        // the list is narrowed to a reason it does not match.
        let filter_matches = !item.rules.is_empty()
            && reason.is_none_or(|r| r == FlagReason::Contact && item.rules.contains("contact"));
        if item_flags.is_empty() && !filter_matches {
            continue;
        }
        let (author_warnings, author_suspensions) =
            records.get(&post.author_id).copied().unwrap_or_default();
        let mut removable_badges = Vec::new();
        if removes_badges && author.badges.contains(&Badge::Listener) {
            removable_badges.push(Badge::Listener);
        }
        if mentoring.contains(&(item.forum_id, post.author_id)) {
            removable_badges.push(Badge::Mentor);
        }
        let claimed_by_me = item.claimed_by == Some(viewer.id);
        let can_take_over = item.claimed_by.is_some()
            && !claimed_by_me
            && allows(Some(viewer), Action::TakeOver, at);
        views.push(QueueItemView {
            removable_badges,
            claimed_by_me,
            can_take_over,
            id: item.id,
            post_id: item.post_id,
            forum_id: item.forum_id,
            author,
            forum_name: forum_names.get(&item.forum_id).cloned().unwrap_or_default(),
            snapshot: item.snapshot.clone(),
            current_source: post.body_source.clone(),
            score: item.score,
            flags: item_flags,
            claimed_by: item.claimed_by.and_then(|id| people.get(&id).cloned()),
            escalation: escalation_of(&item),
            post_hidden: post.hidden_at.is_some(),
            held: post.review == Some(Review::Pending),
            contact: item
                .rules
                .contains("contact")
                .then(|| screen::explain_for_review(&[&item.snapshot]))
                .flatten(),
            rules: item.rules.clone(),
            overdue: item.created_at < at - config.overdue_after,
            author_warnings,
            author_suspensions,
            created_at: item.created_at,
        });
    }
    Ok(views)
}

/// (id, name) of the forums whose items the viewer handles, to filter by.
pub async fn queue_forums(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
) -> AppResult<Vec<(i32, String)>> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    Ok(forum::Entity::find()
        .order_by_asc(forum::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .filter(|f| viewer.moderates(f.id))
        .map(|f| (f.id, f.name))
        .collect())
}

/// Marks the viewer as handling the item, so others see who is on it.
pub async fn claim(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    item_id: i32,
) -> AppResult<()> {
    handleable(db, viewer, item_id).await?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    // Only an open item nobody else holds can be claimed: decided in one
    // UPDATE, committed with its audit row.
    guarded_item_change(
        db,
        viewer.id,
        item_id,
        queue_item::Entity::update_many()
            .col_expr(queue_item::Column::ClaimedBy, Expr::value(viewer.id))
            .col_expr(queue_item::Column::ClaimedAt, Expr::value(now()))
            .filter(queue_item::Column::Status.eq(QueueStatus::Open))
            .filter(
                queue_item::Column::ClaimedBy
                    .is_null()
                    .or(queue_item::Column::ClaimedBy.eq(viewer.id)),
            ),
        "Someone else is already handling this report.",
        ("claim", ""),
    )
    .await
}

/// Runs one guarded UPDATE of item `item_id` and, when the guard let it
/// change the row, records `action` with its note, in one transaction;
/// otherwise `conflict` is the 409 the person reads.
async fn guarded_item_change(
    db: &DatabaseConnection,
    actor: i32,
    item_id: i32,
    update: sea_orm::UpdateMany<queue_item::Entity>,
    conflict: &str,
    audited: (&str, &str),
) -> AppResult<()> {
    guarded_item_txn(db, actor, item_id, update, conflict, audited)
        .await?
        .commit()
        .await?;
    Ok(())
}

/// [`guarded_item_change`], leaving the transaction open for more.
async fn guarded_item_txn(
    db: &DatabaseConnection,
    actor: i32,
    item_id: i32,
    update: sea_orm::UpdateMany<queue_item::Entity>,
    conflict: &str,
    (action, note): (&str, &str),
) -> AppResult<sea_orm::DatabaseTransaction> {
    let txn = crate::server::db::begin_write(db).await?;
    let changed = update
        .filter(queue_item::Column::Id.eq(item_id))
        .exec(&txn)
        .await?;
    if changed.rows_affected == 0 {
        return Err(AppError::Conflict(conflict.into()));
    }
    audit::record(
        &txn,
        Some(actor),
        action,
        ("queue_item", item_id),
        note.trim(),
    )
    .await?;
    Ok(txn)
}

/// The claimer lets the item go, so someone else can pick it up.
pub async fn unclaim(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    item_id: i32,
) -> AppResult<()> {
    handleable(db, viewer, item_id).await?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    guarded_item_change(
        db,
        viewer.id,
        item_id,
        queue_item::Entity::update_many()
            .col_expr(
                queue_item::Column::ClaimedBy,
                Expr::value(Option::<i32>::None),
            )
            .col_expr(
                queue_item::Column::ClaimedAt,
                Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
            )
            .filter(queue_item::Column::Status.eq(QueueStatus::Open))
            .filter(queue_item::Column::ClaimedBy.eq(viewer.id)),
        "You are not handling this report.",
        ("unclaim", ""),
    )
    .await
}

/// A leader or staff member takes over an item someone else claimed (they
/// are away, or it needs someone more senior); audited with why.
pub async fn take_over(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    item_id: i32,
    note: &str,
) -> AppResult<()> {
    handleable(db, viewer, item_id).await?;
    check(viewer, Action::TakeOver, now())?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    guarded_item_change(
        db,
        viewer.id,
        item_id,
        queue_item::Entity::update_many()
            .col_expr(queue_item::Column::ClaimedBy, Expr::value(viewer.id))
            .col_expr(queue_item::Column::ClaimedAt, Expr::value(now()))
            .filter(queue_item::Column::Status.eq(QueueStatus::Open))
            .filter(queue_item::Column::ClaimedBy.is_not_null())
            .filter(queue_item::Column::ClaimedBy.ne(viewer.id)),
        "Nobody else is handling this report: claim it instead.",
        ("take_over", note),
    )
    .await
}

/// Passes the item up: mentors → leaders → staff.
pub async fn escalate(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    item_id: i32,
    note: &str,
) -> AppResult<Escalation> {
    if note.trim().is_empty() {
        return Err(AppError::field("note", "Say why you are escalating this."));
    }
    let item = handleable(db, viewer, item_id).await?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let current = escalation_of(&item);
    let next = current
        .next()
        .ok_or_else(|| AppError::Conflict("This report is already with staff.".into()))?;
    let txn = guarded_item_txn(
        db,
        viewer.id,
        item_id,
        queue_item::Entity::update_many()
            .col_expr(queue_item::Column::Escalation, Expr::value(next))
            .col_expr(
                queue_item::Column::ClaimedBy,
                Expr::value(Option::<i32>::None),
            )
            .filter(queue_item::Column::Status.eq(QueueStatus::Open))
            .filter(queue_item::Column::Escalation.eq(current.as_str())),
        "This report was already handled.",
        ("escalate", note),
    )
    .await?;
    announce_escalation(&txn, &item, next, viewer.id).await?;
    txn.commit().await?;
    Ok(next)
}

/// Tells the people an item was escalated to (global leaders, or staff)
/// that it waits for them, those who hear of each item; never the person
/// who escalated it.
async fn announce_escalation(
    txn: &impl ConnectionTrait,
    item: &queue_item::Model,
    to: Escalation,
    actor: i32,
) -> AppResult<()> {
    let (role, who) = match to {
        Escalation::Leaders => (Role::GlobalLeader, "global leaders"),
        Escalation::Staff => (Role::Staff, "staff"),
        Escalation::None => return Ok(()),
    };
    let people: Vec<i32> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Role.eq(role))
        .filter(user::Column::Id.ne(actor))
        .into_tuple()
        .all(txn)
        .await?;
    announce_waiting(
        txn,
        people,
        None,
        item.post_id,
        &format!("A report was escalated to {who} and waits in the queue for you."),
    )
    .await
}

/// Open items the viewer may act on, for the header (capped: "99+").
pub async fn open_count(db: &impl ConnectionTrait, viewer: &Viewer) -> AppResult<u64> {
    count_open_for(db, viewer, crate::model::HEADER_COUNT_CAP).await
}

/// Whether the viewer handles reports anywhere (shows the queue link).
pub fn moderates_anything(viewer: &Viewer) -> bool {
    allows(Some(viewer), Action::Moderate, now())
}

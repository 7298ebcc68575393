//! Flags and the moderation queue: a person reports a post, the report joins
//! the post's queue item, enough weight hides the post until someone looks,
//! and a mentor, leader or staff member settles the item. The people who
//! reported are told at once that their report arrived, and later what came
//! of it; every moderator action goes into the audit log.

use std::collections::HashMap;

use chrono::Duration;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, OnConflict},
};

use crate::error::{AppError, AppResult, FieldError};
use crate::model::NotificationKind;
use crate::model::{
    AccountState, Escalation, FlagReason, FlagView, MAX_FLAG_NOTE_CHARS, MyReportView, Outcome,
    QueueItemView, Role, SanctionView,
};
use crate::model::{AppealStatus, FlagStatus, QueueSource, QueueStatus, Review, SanctionKind};
use crate::server::entities::{appeal, flag, forum, post, queue_item, sanction, topic, user};
use crate::server::now;
use crate::server::permissions::{Action, Viewer, allows, check};
use crate::server::services::{accounts, audit, filters, forums, notifications, posts, revisions};

/// Tunable rules of moderation.
#[derive(Debug, Clone, Copy)]
pub struct ModerationConfig {
    /// An item whose open flags weigh this much hides its post at once.
    pub auto_hide_score: i32,
    /// Reports one person may make in 24 hours.
    pub daily_flag_limit: u64,
    /// Items unhandled for longer than this are overdue.
    pub overdue_after: Duration,
}

impl Default for ModerationConfig {
    fn default() -> Self {
        Self {
            auto_hide_score: 3,
            daily_flag_limit: 20,
            overdue_after: Duration::hours(24),
        }
    }
}

/// The page that explains what happens after a report.
pub const AFTER_A_REPORT: &str = "/help/reports";

/// How much a flag from this person counts: by role, and by how often their
/// earlier flags were agreed with (at least five decided).
pub async fn flag_weight(db: &impl ConnectionTrait, viewer: &Viewer) -> AppResult<i32> {
    let base = if viewer.role != Role::Member || !viewer.mentor_of.is_empty() {
        3
    } else if viewer.is_listener {
        2
    } else {
        1
    };
    let (agreed, disagreed) = accuracy(db, viewer.id).await?;
    let decided = agreed + disagreed;
    let bonus = if decided >= 5 && agreed * 10 >= decided * 8 {
        1
    } else {
        0
    };
    Ok(base + bonus)
}

/// (agreed, disagreed) flags of a person: their flag accuracy.
pub async fn accuracy(db: &impl ConnectionTrait, user_id: i32) -> AppResult<(u64, u64)> {
    Ok(accuracies(db, &[user_id])
        .await?
        .remove(&user_id)
        .unwrap_or_default())
}

/// [`accuracy`] of several people, in one grouped query.
pub async fn accuracies(
    db: &impl ConnectionTrait,
    user_ids: &[i32],
) -> AppResult<HashMap<i32, (u64, u64)>> {
    let rows: Vec<(i32, FlagStatus, i64)> = flag::Entity::find()
        .select_only()
        .column(flag::Column::FlaggerId)
        .column(flag::Column::Status)
        .column_as(flag::Column::Id.count(), "n")
        .filter(flag::Column::FlaggerId.is_in(user_ids.iter().copied()))
        .filter(flag::Column::Status.is_in([FlagStatus::Agreed, FlagStatus::Disagreed]))
        .group_by(flag::Column::FlaggerId)
        .group_by(flag::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    Ok(tally(user_ids, rows, FlagStatus::Agreed))
}

/// Per person asked about, (count of `first`, count of the other kind)
/// from grouped (person, kind, count) rows; (0, 0) for anyone with none.
fn tally<K: PartialEq>(
    user_ids: &[i32],
    rows: Vec<(i32, K, i64)>,
    first: K,
) -> HashMap<i32, (u64, u64)> {
    let mut counts: HashMap<i32, (u64, u64)> = user_ids.iter().map(|id| (*id, (0, 0))).collect();
    for (id, kind, n) in rows {
        let slot = counts.entry(id).or_default();
        let n = u64::try_from(n).unwrap_or(0);
        if kind == first {
            slot.0 += n;
        } else {
            slot.1 += n;
        }
    }
    counts
}

fn validate_flag(reason: FlagReason, note: &str) -> Result<(), AppError> {
    let message = if note.chars().count() > MAX_FLAG_NOTE_CHARS {
        format!("Notes can be at most {MAX_FLAG_NOTE_CHARS} characters.")
    } else if reason == FlagReason::Other && note.trim().is_empty() {
        "Please tell us what is wrong.".to_string()
    } else {
        return Ok(());
    };
    Err(AppError::Validation(vec![FieldError {
        field: "note".into(),
        message,
    }]))
}

/// Reports a post. Returns the flag's id.
pub async fn flag(
    db: &DatabaseConnection,
    config: &ModerationConfig,
    viewer: Option<&Viewer>,
    post_id: i32,
    reason: FlagReason,
    note: &str,
) -> AppResult<i32> {
    let note = &crate::server::text::clean(note);
    validate_flag(reason, note)?;
    let (post, topic, forum) = match posts::readable(db, viewer, post_id).await {
        // Hidden a moment ago (reports sent at the same time as this one).
        Err(AppError::Forbidden(_)) => {
            return Err(AppError::Conflict(
                "Thank you: this post is already hidden while moderators look at it.".into(),
            ));
        }
        found => found?,
    };
    check(
        viewer,
        Action::Flag {
            forum: forums::forum_ref(&forum),
            author_id: post.author_id,
        },
        now(),
    )?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;

    let txn = crate::server::begin_write(db).await?;
    let at = now();
    // One person's reports are counted one at a time: the row lock on
    // PostgreSQL, the write lock taken by BEGIN IMMEDIATE on SQLite.
    user::Entity::find_by_id(viewer.id)
        .lock_exclusive()
        .one(&txn)
        .await?;
    let today = flag::Entity::find()
        .filter(flag::Column::FlaggerId.eq(viewer.id))
        .filter(flag::Column::CreatedAt.gt(at - Duration::hours(24)))
        .count(&txn)
        .await?;
    if today >= config.daily_flag_limit {
        return Err(AppError::Forbidden(format!(
            "You have made {} reports in the last 24 hours, the most allowed. If someone is in danger, contact a leader or staff member directly.",
            config.daily_flag_limit
        )));
    }

    let (item, _) = open_item_for(
        &txn,
        &post,
        forum.id,
        &post.body_source,
        (QueueSource::Flags, ""),
    )
    .await?;
    let weight = flag_weight(&txn, viewer).await?;
    // One open report per person and post is the database's rule (a
    // partial unique index): a second, even sent at the same moment, is
    // refused here.
    let inserted = flag::Entity::insert(flag::ActiveModel {
        item_id: Set(item.id),
        post_id: Set(post.id),
        flagger_id: Set(viewer.id),
        reason: Set(reason),
        note: Set(note.trim().to_string()),
        weight: Set(weight),
        status: Set(FlagStatus::Open),
        created_at: Set(at),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([flag::Column::FlaggerId, flag::Column::PostId])
            .target_and_where(open_only())
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if inserted == 0 {
        return Err(AppError::Conflict(
            "You have already reported this post; moderators will look at it.".into(),
        ));
    }
    let flag_id = flag::Entity::find()
        .filter(flag::Column::FlaggerId.eq(viewer.id))
        .filter(flag::Column::PostId.eq(post.id))
        .filter(flag::Column::Status.eq(FlagStatus::Open))
        .one(&txn)
        .await?
        .map(|f| f.id)
        .ok_or_else(|| AppError::internal("the report just written is missing"))?;
    // Added in one statement on the item's row, so simultaneous reports
    // each see the others' weight: the sum is never split.
    let score = add_score(&txn, item.id, weight).await?;
    if score >= config.auto_hide_score && hide_once(&txn, post.id).await? {
        audit::record(
            &txn,
            None,
            "auto_hide",
            ("post", post.id),
            &format!("flag score {score}"),
        )
        .await?;
        notifications::create(
            &txn,
            post.author_id,
            NotificationKind::PostHidden,
            None,
            Some(topic.id),
            Some(post.id),
            format!(
                "Your post in “{}” is hidden while moderators review reports about it.",
                topic.title
            ),
        )
        .await?;
    }
    notifications::create(
        &txn,
        viewer.id,
        NotificationKind::FlagReceived,
        None,
        Some(topic.id),
        Some(post.id),
        format!(
            "We received your report about a post in “{}”. Thank you: a moderator will look at it, and you will hear what happened. ({AFTER_A_REPORT})",
            topic.title
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(flag_id)
}

/// Takes back one's own open report.
pub async fn withdraw(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    flag_id: i32,
) -> AppResult<()> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let txn = crate::server::begin_write(db).await?;
    let flag = flag::Entity::find_by_id(flag_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if flag.flagger_id != viewer.id {
        return Err(AppError::NotFound);
    }
    if flag.status != FlagStatus::Open {
        return Err(AppError::Conflict(
            "This report has already been handled.".into(),
        ));
    }
    let withdrawn = flag::Entity::update_many()
        .col_expr(flag::Column::Status, Expr::value(FlagStatus::Withdrawn))
        .filter(flag::Column::Id.eq(flag.id))
        .filter(flag::Column::Status.eq(FlagStatus::Open))
        .exec(&txn)
        .await?;
    if withdrawn.rows_affected == 1 {
        add_score(&txn, flag.item_id, -flag.weight).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The partial unique indexes' condition, as the conflict target of an
/// insert names it: a literal, since SQLite must see that it implies the
/// index's `WHERE status = 'open'` (a bound parameter would not).
fn open_only() -> Expr {
    Expr::cust("status = 'open'")
}

/// The post's open queue item, opened now if it has none, keeping
/// `snapshot` (its text when it was reported or caught) as the evidence;
/// true when this call opened it. `origin` is the source ("flags" or
/// "filter") and, for a filter, the rules that fired. One open item per
/// post is the database's rule (a partial unique index): of two calls at
/// once, one opens it and the other finds it. On PostgreSQL the item's row
/// stays locked until the caller commits.
pub(crate) async fn open_item_for(
    db: &impl ConnectionTrait,
    post: &post::Model,
    forum_id: i32,
    snapshot: &str,
    origin: (QueueSource, &str),
) -> AppResult<(queue_item::Model, bool)> {
    let opened = queue_item::Entity::insert(queue_item::ActiveModel {
        post_id: Set(post.id),
        forum_id: Set(forum_id),
        status: Set(QueueStatus::Open),
        score: Set(0),
        snapshot: Set(snapshot.to_string()),
        escalation: Set(Escalation::None),
        created_at: Set(now()),
        source: Set(origin.0),
        rules: Set(origin.1.into()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(queue_item::Column::PostId)
            .target_and_where(open_only())
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let item = queue_item::Entity::find()
        .filter(queue_item::Column::PostId.eq(post.id))
        .filter(queue_item::Column::Status.eq(QueueStatus::Open))
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("the open queue item just written is missing"))?;
    Ok((item, opened == 1))
}

/// Adds `weight` (negative to take away) to an item's score in one
/// statement and returns the new score.
async fn add_score(db: &impl ConnectionTrait, item_id: i32, weight: i32) -> AppResult<i32> {
    queue_item::Entity::update_many()
        .col_expr(
            queue_item::Column::Score,
            Expr::col(queue_item::Column::Score).add(weight),
        )
        .filter(queue_item::Column::Id.eq(item_id))
        .exec(db)
        .await?;
    Ok(queue_item::Entity::find_by_id(item_id)
        .one(db)
        .await?
        .map_or(0, |item| item.score))
}

/// Hides a post unless it is hidden already; true when this call hid it,
/// so the automatic hide is recorded and announced exactly once.
async fn hide_once(db: &impl ConnectionTrait, post_id: i32) -> AppResult<bool> {
    let hidden = post::Entity::update_many()
        .col_expr(post::Column::HiddenAt, Expr::value(Some(now())))
        .filter(post::Column::Id.eq(post_id))
        .filter(post::Column::HiddenAt.is_null())
        .exec(db)
        .await?;
    Ok(hidden.rows_affected == 1)
}

/// Sets an account's suspension from its suspensions that stand (not
/// reversed on appeal): suspended while any of them lasts, until the
/// latest end (indefinitely if one has no end), active otherwise. A short
/// suspension never shortens a longer one, and a reversed one gives back
/// only the time no other covers.
pub(crate) async fn apply_suspensions(
    db: &impl ConnectionTrait,
    user_id: i32,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    let standing: Vec<Option<chrono::DateTime<chrono::Utc>>> = sanction::Entity::find()
        .filter(sanction::Column::UserId.eq(user_id))
        .filter(sanction::Column::Kind.eq(SanctionKind::Suspension))
        .filter(sanction::Column::ReversedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.until)
        .filter(|until| until.is_none_or(|until| until > at))
        .collect();
    let (state, until) = if standing.is_empty() {
        (AccountState::Active, None)
    } else if standing.iter().any(Option::is_none) {
        (AccountState::Suspended, None)
    } else {
        (
            AccountState::Suspended,
            standing.into_iter().flatten().max(),
        )
    };
    user::Entity::update_many()
        .col_expr(user::Column::AccountState, Expr::value(state))
        .col_expr(user::Column::SuspendedUntil, Expr::value(until))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

async fn set_hidden(db: &impl ConnectionTrait, post_id: i32, hidden: bool) -> AppResult<()> {
    let value = if hidden { Some(now()) } else { None };
    post::Entity::update_many()
        .col_expr(post::Column::HiddenAt, Expr::value(value))
        .filter(post::Column::Id.eq(post_id))
        .exec(db)
        .await?;
    Ok(())
}

fn escalation_of(item: &queue_item::Model) -> Escalation {
    item.escalation
}

/// An open item the viewer may handle.
async fn handleable(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    item_id: i32,
) -> AppResult<queue_item::Model> {
    let item = queue_item::Entity::find_by_id(item_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    check(
        viewer,
        Action::HandleItem {
            forum_id: item.forum_id,
            escalation: escalation_of(&item),
        },
        now(),
    )?;
    Ok(item)
}

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
    let posts: HashMap<i32, post::Model> = post::Entity::find()
        .filter(post::Column::Id.is_in(items.iter().map(|i| i.post_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut people: Vec<i32> = flags.iter().map(|f| f.flagger_id).collect();
    people.extend(posts.values().map(|p| p.author_id));
    people.extend(items.iter().filter_map(|i| i.claimed_by));
    let people = accounts::summaries(db, &people).await?;
    // One grouped query each for the reporters' accuracy and the authors'
    // records, however many items and reports the page shows.
    let accuracies = if allows(Some(viewer), Action::SeeFlagAccuracy, at) {
        let flaggers: Vec<i32> = flags.iter().map(|f| f.flagger_id).collect();
        accuracies(db, &flaggers).await?
    } else {
        HashMap::new()
    };
    let authors: Vec<i32> = posts.values().map(|p| p.author_id).collect();
    let records = histories(db, &authors).await?;

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
        views.push(QueueItemView {
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
                .then(|| filters::explain(&[&item.snapshot]))
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

/// (warnings, suspensions) a person has received.
pub async fn history(db: &impl ConnectionTrait, user_id: i32) -> AppResult<(u64, u64)> {
    Ok(histories(db, &[user_id])
        .await?
        .remove(&user_id)
        .unwrap_or_default())
}

/// [`history`] of several people, in one grouped query.
pub async fn histories(
    db: &impl ConnectionTrait,
    user_ids: &[i32],
) -> AppResult<HashMap<i32, (u64, u64)>> {
    let rows: Vec<(i32, SanctionKind, i64)> = sanction::Entity::find()
        .select_only()
        .column(sanction::Column::UserId)
        .column(sanction::Column::Kind)
        .column_as(sanction::Column::Id.count(), "n")
        .filter(sanction::Column::UserId.is_in(user_ids.iter().copied()))
        .filter(sanction::Column::Kind.is_in([SanctionKind::Warning, SanctionKind::Suspension]))
        .filter(sanction::Column::ReversedAt.is_null())
        .group_by(sanction::Column::UserId)
        .group_by(sanction::Column::Kind)
        .into_tuple()
        .all(db)
        .await?;
    Ok(tally(user_ids, rows, SanctionKind::Warning))
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
    let txn = crate::server::begin_write(db).await?;
    let claimed = queue_item::Entity::update_many()
        .col_expr(queue_item::Column::ClaimedBy, Expr::value(viewer.id))
        .col_expr(queue_item::Column::ClaimedAt, Expr::value(now()))
        .filter(queue_item::Column::Id.eq(item_id))
        .filter(queue_item::Column::Status.eq(QueueStatus::Open))
        .filter(
            queue_item::Column::ClaimedBy
                .is_null()
                .or(queue_item::Column::ClaimedBy.eq(viewer.id)),
        )
        .exec(&txn)
        .await?;
    if claimed.rows_affected == 0 {
        return Err(AppError::Conflict(
            "Someone else is already handling this report.".into(),
        ));
    }
    audit::record(&txn, Some(viewer.id), "claim", ("queue_item", item_id), "").await?;
    txn.commit().await?;
    Ok(())
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
    let txn = crate::server::begin_write(db).await?;
    let moved = queue_item::Entity::update_many()
        .col_expr(queue_item::Column::Escalation, Expr::value(next))
        .col_expr(
            queue_item::Column::ClaimedBy,
            Expr::value(Option::<i32>::None),
        )
        .filter(queue_item::Column::Id.eq(item_id))
        .filter(queue_item::Column::Status.eq(QueueStatus::Open))
        .filter(queue_item::Column::Escalation.eq(current.as_str()))
        .exec(&txn)
        .await?;
    if moved.rows_affected == 0 {
        return Err(AppError::Conflict(
            "This report was already handled.".into(),
        ));
    }
    audit::record(
        &txn,
        Some(viewer.id),
        "escalate",
        ("queue_item", item_id),
        note.trim(),
    )
    .await?;
    txn.commit().await?;
    Ok(next)
}

/// How a moderator settles an item.
#[derive(Debug, Clone)]
pub struct Resolution {
    pub outcome: Outcome,
    pub note: String,
    /// For a suspension: until when (None: indefinitely).
    pub suspend_until: Option<chrono::DateTime<chrono::Utc>>,
    /// For an edit: the post's new text (the censored version).
    pub new_body: Option<String>,
}

/// Settles an item with one outcome. When two moderators resolve the same
/// item at once, exactly one succeeds; the other is told it was handled.
pub async fn resolve(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    item_id: i32,
    resolution: Resolution,
) -> AppResult<()> {
    let note = resolution.note.trim().to_string();
    let new_body = match (resolution.outcome, &resolution.new_body) {
        (Outcome::EditPost, Some(body)) => {
            if let Some(error) = crate::server::services::topics::validate_body(body) {
                return Err(AppError::Validation(vec![FieldError {
                    field: "new_body".into(),
                    message: error.message,
                }]));
            }
            Some(body.clone())
        }
        (Outcome::EditPost, None) => {
            return Err(AppError::field(
                "new_body",
                "Give the post's new text: the edited version replaces it.",
            ));
        }
        _ => None,
    };
    let item = handleable(db, viewer, item_id).await?;
    if resolution.outcome == Outcome::SuspendAuthor {
        check(viewer, Action::Suspend, now())?;
    }
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let (post, topic, forum) = posts::readable(db, Some(viewer), item.post_id).await?;
    // A post held by a filter is approved (published as it is, or edited
    // first) or kept unpublished; approving needs no note.
    let held = post.review == Some(Review::Pending);
    let approves = held && resolution.outcome == Outcome::NoAction;
    if note.is_empty() && !approves {
        return Err(AppError::field(
            "note",
            "Add a note: it goes on the record.",
        ));
    }

    let txn = crate::server::begin_write(db).await?;
    let at = now();
    // The status check in the UPDATE is what makes resolution single-winner.
    let settled = queue_item::Entity::update_many()
        .col_expr(
            queue_item::Column::Status,
            Expr::value(QueueStatus::Resolved),
        )
        .col_expr(
            queue_item::Column::Outcome,
            Expr::value(resolution.outcome.as_str()),
        )
        .col_expr(
            queue_item::Column::ResolutionNote,
            Expr::value(note.clone()),
        )
        .col_expr(queue_item::Column::ResolvedBy, Expr::value(viewer.id))
        .col_expr(queue_item::Column::ResolvedAt, Expr::value(at))
        .filter(queue_item::Column::Id.eq(item_id))
        .filter(queue_item::Column::Status.eq(QueueStatus::Open))
        .exec(&txn)
        .await?;
    if settled.rows_affected == 0 {
        return Err(AppError::Conflict(
            "This report was already handled by another moderator.".into(),
        ));
    }

    let agreed = resolution.outcome != Outcome::NoAction;
    flag::Entity::update_many()
        .col_expr(
            flag::Column::Status,
            Expr::value(if agreed {
                FlagStatus::Agreed
            } else {
                FlagStatus::Disagreed
            }),
        )
        .filter(flag::Column::ItemId.eq(item_id))
        .filter(flag::Column::Status.eq(FlagStatus::Open))
        .exec(&txn)
        .await?;
    let flaggers: Vec<i32> = flag::Entity::find()
        .filter(flag::Column::ItemId.eq(item_id))
        .filter(flag::Column::Status.ne(FlagStatus::Withdrawn))
        .all(&txn)
        .await?
        .into_iter()
        .map(|f| f.flagger_id)
        .collect();

    let tell_author = |kind: NotificationKind, message: String| {
        notifications::create(
            &txn,
            post.author_id,
            kind,
            Some(viewer.id),
            Some(topic.id),
            Some(post.id),
            message,
        )
    };
    match resolution.outcome {
        // Held posts are published or rejected below, not shown or hidden.
        Outcome::NoAction | Outcome::HidePost if held => {}
        Outcome::NoAction => {
            if post.hidden_at.is_some() {
                set_hidden(&txn, post.id, false).await?;
                audit::record(&txn, Some(viewer.id), "restore", ("post", post.id), &note).await?;
            }
        }
        Outcome::HidePost => {
            set_hidden(&txn, post.id, true).await?;
            audit::record(&txn, Some(viewer.id), "hide", ("post", post.id), &note).await?;
            tell_author(
                NotificationKind::PostHidden,
                format!("A moderator hid your post in “{}”: {note}", topic.title),
            )
            .await?;
        }
        Outcome::EditPost => {
            let edit = revisions::Edit {
                body: new_body.unwrap_or_default(),
                base_version: post.version,
                reason: format!("Edited by a moderator: {note}"),
                policy_summary: None,
            };
            revisions::apply(&txn, &post, viewer.id, &edit, at).await?;
            audit::record(&txn, Some(viewer.id), "edit", ("post", post.id), &note).await?;
            tell_author(
                NotificationKind::PostEdited,
                format!(
                    "A moderator edited your post in “{}”: {note}. Its history shows what changed.",
                    topic.title
                ),
            )
            .await?;
        }
        Outcome::WarnAuthor => {
            sanction(
                &txn,
                post.author_id,
                SanctionKind::Warning,
                &note,
                &item,
                viewer.id,
                None,
            )
            .await?;
            audit::record(
                &txn,
                Some(viewer.id),
                "warn",
                ("user", post.author_id),
                &note,
            )
            .await?;
            tell_author(
                NotificationKind::Warning,
                format!(
                    "You received a warning about your post in “{}”: {note}",
                    topic.title
                ),
            )
            .await?;
        }
        Outcome::SuspendAuthor => {
            sanction(
                &txn,
                post.author_id,
                SanctionKind::Suspension,
                &note,
                &item,
                viewer.id,
                resolution.suspend_until,
            )
            .await?;
            apply_suspensions(&txn, post.author_id, at).await?;
            audit::record(
                &txn,
                Some(viewer.id),
                "suspend",
                ("user", post.author_id),
                &note,
            )
            .await?;
            let until = match resolution.suspend_until {
                Some(until) => format!("until {}", until.format("%Y-%m-%d %H:%M UTC")),
                None => "until further notice".to_string(),
            };
            tell_author(
                NotificationKind::Suspension,
                format!("Your account is suspended {until}: {note}"),
            )
            .await?;
        }
    }
    audit::record(
        &txn,
        Some(viewer.id),
        resolution.outcome.as_str(),
        ("queue_item", item_id),
        &note,
    )
    .await?;
    if held {
        let publish = matches!(resolution.outcome, Outcome::NoAction | Outcome::EditPost);
        settle_held(&txn, viewer, &post, &topic, &forum, publish, &note).await?;
    }

    let mut told = Vec::new();
    for flagger in flaggers {
        if told.contains(&flagger) {
            continue;
        }
        told.push(flagger);
        notifications::create(
            &txn,
            flagger,
            NotificationKind::FlagOutcome,
            None,
            Some(topic.id),
            Some(post.id),
            format!(
                "About your report in “{}”: {}. Thank you for looking out for others. ({AFTER_A_REPORT})",
                topic.title,
                resolution.outcome.for_flagger()
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Publishes a held post (and the topic it starts), or keeps it
/// unpublished; either way its author is told, and a published post now
/// notifies the people it mentions.
async fn settle_held(
    txn: &impl ConnectionTrait,
    moderator: &Viewer,
    post: &post::Model,
    topic: &topic::Model,
    forum: &forum::Model,
    publish: bool,
    note: &str,
) -> AppResult<()> {
    let state = (!publish).then_some(Review::Rejected);
    post::Entity::update_many()
        .col_expr(post::Column::Review, Expr::value(state))
        .filter(post::Column::Id.eq(post.id))
        .exec(txn)
        .await?;
    if post.number == 1 && topic.review.is_some() {
        topic::Entity::update_many()
            .col_expr(topic::Column::Review, Expr::value(state))
            .filter(topic::Column::Id.eq(topic.id))
            .exec(txn)
            .await?;
    }
    let action = if publish { "approve" } else { "reject" };
    audit::record(txn, Some(moderator.id), action, ("post", post.id), note).await?;
    let message = if publish {
        let published = post::Entity::find_by_id(post.id)
            .one(txn)
            .await?
            .ok_or(AppError::NotFound)?;
        if let Some(author) = accounts::load_viewer(txn, post.author_id).await? {
            posts::announce(txn, &author, forum, topic, &published).await?;
        }
        format!(
            "A moderator approved your post in “{}”: everyone can see it now.",
            topic.title
        )
    } else {
        format!(
            "A moderator decided not to publish your post in “{}”: {note}. You can still see it; nothing you wrote is lost.",
            topic.title
        )
    };
    notifications::create(
        txn,
        post.author_id,
        if publish {
            NotificationKind::PostApproved
        } else {
            NotificationKind::PostRejected
        },
        Some(moderator.id),
        Some(topic.id),
        Some(post.id),
        message,
    )
    .await
}

async fn sanction(
    db: &impl ConnectionTrait,
    user_id: i32,
    kind: SanctionKind,
    reason: &str,
    item: &queue_item::Model,
    issued_by: i32,
    until: Option<chrono::DateTime<chrono::Utc>>,
) -> AppResult<sanction::Model> {
    Ok(sanction::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind),
        reason: Set(reason.into()),
        post_id: Set(Some(item.post_id)),
        item_id: Set(Some(item.id)),
        issued_by: Set(issued_by),
        until: Set(until),
        acknowledged_at: Set(None),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Whether the viewer handles reports anywhere (shows the queue link).
pub fn moderates_anything(viewer: &Viewer) -> bool {
    allows(Some(viewer), Action::Moderate, now())
}

/// The viewer's warnings and suspensions, newest first.
pub async fn my_sanctions(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
) -> AppResult<Vec<SanctionView>> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let rows = sanction::Entity::find()
        .filter(sanction::Column::UserId.eq(viewer.id))
        .order_by_desc(sanction::Column::Id)
        .all(db)
        .await?;
    let appeals: HashMap<i32, appeal::Model> = appeal::Entity::find()
        .filter(appeal::Column::SanctionId.is_in(rows.iter().map(|s| s.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.sanction_id, a))
        .collect();
    Ok(rows
        .into_iter()
        .map(|s| {
            let appeal = appeals.get(&s.id);
            SanctionView {
                id: s.id,
                kind: s.kind,
                reason: s.reason,
                post_id: s.post_id,
                until: s.until,
                acknowledged: s.acknowledged_at.is_some(),
                created_at: s.created_at,
                reversed: s.reversed_at.is_some(),
                appeal_status: appeal.map(|a| a.status),
                appeal_decision: appeal
                    .filter(|a| a.status != AppealStatus::Open)
                    .map(|a| a.decision_note.clone()),
            }
        })
        .collect())
}

/// How many of the viewer's warnings and suspensions await acknowledgement.
pub async fn unacknowledged(db: &impl ConnectionTrait, user_id: i32) -> AppResult<u64> {
    Ok(sanction::Entity::find()
        .filter(sanction::Column::UserId.eq(user_id))
        .filter(sanction::Column::AcknowledgedAt.is_null())
        .count(db)
        .await?)
}

/// The viewer confirms they have read a warning or suspension.
pub async fn acknowledge(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    sanction_id: i32,
) -> AppResult<()> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let done = sanction::Entity::update_many()
        .col_expr(sanction::Column::AcknowledgedAt, Expr::value(now()))
        .filter(sanction::Column::Id.eq(sanction_id))
        .filter(sanction::Column::UserId.eq(viewer.id))
        .filter(sanction::Column::AcknowledgedAt.is_null())
        .exec(db)
        .await?;
    if done.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The viewer's own reports and their status, newest first.
pub async fn my_reports(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
) -> AppResult<Vec<MyReportView>> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    Ok(flag::Entity::find()
        .filter(flag::Column::FlaggerId.eq(viewer.id))
        .order_by_desc(flag::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|f| MyReportView {
            id: f.id,
            post_id: f.post_id,
            reason: f.reason,
            status: f.status,
            created_at: f.created_at,
        })
        .collect())
}

/// Tells global leaders about items unhandled for longer than the configured
/// age, once per item; the queue already shows them as overdue. Run by the
/// server on a timer. Returns how many items were reported.
pub async fn notify_overdue(
    db: &DatabaseConnection,
    config: &ModerationConfig,
) -> AppResult<usize> {
    let at = now();
    let overdue = queue_item::Entity::find()
        .filter(queue_item::Column::Status.eq(QueueStatus::Open))
        .filter(queue_item::Column::OverdueNotifiedAt.is_null())
        .filter(queue_item::Column::CreatedAt.lt(at - config.overdue_after))
        .order_by_asc(queue_item::Column::Id)
        .all(db)
        .await?;
    if overdue.is_empty() {
        return Ok(0);
    }
    let leaders = user::Entity::find()
        .filter(user::Column::Role.eq(Role::GlobalLeader.as_str()))
        .all(db)
        .await?;
    let mut reported = 0;
    for item in overdue {
        let txn = crate::server::begin_write(db).await?;
        // Marked in a guarded UPDATE: two servers never both send it.
        let marked = queue_item::Entity::update_many()
            .col_expr(queue_item::Column::OverdueNotifiedAt, Expr::value(at))
            .filter(queue_item::Column::Id.eq(item.id))
            .filter(queue_item::Column::OverdueNotifiedAt.is_null())
            .exec(&txn)
            .await?;
        if marked.rows_affected == 0 {
            continue;
        }
        let hours = (at - item.created_at).num_hours();
        for leader in &leaders {
            notifications::create(
                &txn,
                leader.id,
                NotificationKind::QueueOverdue,
                None,
                None,
                Some(item.post_id),
                format!("A report has waited {hours} hours without being handled."),
            )
            .await?;
        }
        audit::record(
            &txn,
            None,
            "overdue",
            ("queue_item", item.id),
            &format!("unhandled for {hours} hours; leaders notified"),
        )
        .await?;
        txn.commit().await?;
        reported += 1;
    }
    Ok(reported)
}

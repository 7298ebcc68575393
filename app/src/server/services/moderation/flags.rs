//! Reports: who may flag, how much a flag weighs, filing and withdrawing
//! one, and a person's own reports.

use super::*;
use crate::server::services::base::{access, audit, notify, standing};

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
    let (agreed, disagreed) = standing::accuracy(db, viewer.id).await?;
    let decided = agreed + disagreed;
    let bonus = if decided >= 5 && agreed * 10 >= decided * 8 {
        1
    } else {
        0
    };
    Ok(base + bonus)
}

pub(super) fn validate_flag(reason: FlagReason, note: &str) -> Result<(), AppError> {
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
    let (post, topic, forum) = match access::post(db, viewer, post_id).await {
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
            forum: access::forum_ref(&forum),
            author_id: post.author_id,
        },
        now(),
    )?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;

    let txn = crate::server::db::begin_write(db).await?;
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
        viewer.id,
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
        notify::create(
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
    notify::create(
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
    let txn = crate::server::db::begin_write(db).await?;
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

/// The viewer's own reports (of posts and of private messages) and their
/// status, newest first.
pub async fn my_reports(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
) -> AppResult<Vec<MyReportView>> {
    use crate::server::entities::message_report;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let mut reports: Vec<MyReportView> = flag::Entity::find()
        .filter(flag::Column::FlaggerId.eq(viewer.id))
        .all(db)
        .await?
        .into_iter()
        .map(|f| MyReportView {
            id: f.id,
            post_id: Some(f.post_id),
            conversation_id: None,
            reason: f.reason,
            status: f.status,
            created_at: f.created_at,
        })
        .collect();
    reports.extend(
        message_report::Entity::find()
            .filter(message_report::Column::ReporterId.eq(viewer.id))
            .all(db)
            .await?
            .into_iter()
            .map(|r| MyReportView {
                id: r.id,
                post_id: None,
                conversation_id: Some(r.conversation_id),
                reason: r.reason,
                status: r.status,
                created_at: r.created_at,
            }),
    );
    reports.sort_by_key(|r| std::cmp::Reverse(r.created_at));
    Ok(reports)
}

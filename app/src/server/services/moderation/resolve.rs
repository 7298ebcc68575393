//! Settling an item: one outcome, its effects, the people told.

use super::*;
use crate::server::services::base::{access, audit, content, notify, people, standing};

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
            if let Some(error) = crate::server::services::base::content::validate_body(body) {
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
    let (post, topic, forum) = access::post(db, Some(viewer), item.post_id).await?;
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

    let txn = crate::server::db::begin_write(db).await?;
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
        notify::create(
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
            let edit = content::Edit {
                body: new_body.unwrap_or_default(),
                base_version: post.version,
                reason: format!("Edited by a moderator: {note}"),
                policy_summary: None,
            };
            content::apply(&txn, &post, viewer.id, &edit, at).await?;
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
            standing::apply_suspensions(&txn, post.author_id, at).await?;
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
        notify::create(
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
pub(super) async fn settle_held(
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
        if let Some(author) = people::load_viewer(txn, post.author_id).await? {
            notify::post_published(txn, &author, forum, topic, &published).await?;
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
    notify::create(
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

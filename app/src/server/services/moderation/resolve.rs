//! Settling an item: one decision (what happens to the post, what happens
//! to its author), its effects, the people told.

use super::*;
use crate::model::{AuthorEffect, Badge, PostEffect};
use crate::server::services::base::{access, audit, content, notify, people, screen, standing};

/// How a moderator settles an item.
#[derive(Debug, Clone)]
pub struct Resolution {
    pub outcome: Outcome,
    pub note: String,
    /// For a suspension: until when (None: indefinitely).
    pub suspend_until: Option<chrono::DateTime<chrono::Utc>>,
    /// For an edit: the post's new text (the censored version).
    pub new_body: Option<String>,
    /// For a badge removal: [`Badge::Listener`], or [`Badge::Mentor`] of the
    /// post's forum.
    pub badge: Option<Badge>,
    /// Approving a post the contact filter held asks the moderator to look
    /// at what it found first: true once they have.
    pub confirmed: bool,
}

impl Resolution {
    /// A decision with its note and nothing else.
    pub fn new(outcome: Outcome, note: impl Into<String>) -> Self {
        Self {
            outcome,
            note: note.into(),
            suspend_until: None,
            new_body: None,
            badge: None,
            confirmed: false,
        }
    }
}

/// What the author is told a post was hidden for: the heaviest report's
/// reason, in general terms (never the reporter or the moderator's note).
async fn general_reason(txn: &impl ConnectionTrait, item_id: i32) -> AppResult<String> {
    let heaviest = flag::Entity::find()
        .filter(flag::Column::ItemId.eq(item_id))
        .filter(flag::Column::Status.ne(FlagStatus::Withdrawn))
        .order_by_desc(flag::Column::Weight)
        .order_by_asc(flag::Column::Id)
        .one(txn)
        .await?;
    Ok(heaviest.map_or_else(
        || "it goes against the community guidelines".to_string(),
        |f| f.reason.label().to_string(),
    ))
}

/// Settles an item with one decision. When two moderators resolve the same
/// item at once, exactly one succeeds; the other is told it was handled.
pub async fn resolve(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    item_id: i32,
    resolution: Resolution,
) -> AppResult<()> {
    let outcome = resolution.outcome;
    let note = resolution.note.trim().to_string();
    let new_body = match (outcome.post_effect(), &resolution.new_body) {
        (PostEffect::Edit, Some(body)) => {
            if let Some(error) = content::validate_body(body) {
                return Err(AppError::Validation(vec![FieldError {
                    field: "new_body".into(),
                    message: error.message,
                }]));
            }
            Some(body.clone())
        }
        (PostEffect::Edit, None) => {
            return Err(AppError::field(
                "new_body",
                "Give the post's new text: the edited version replaces it.",
            ));
        }
        _ => None,
    };
    let item = handleable(db, viewer, item_id).await?;
    match outcome.author_effect() {
        AuthorEffect::Suspend => check(viewer, Action::Suspend, now())?,
        AuthorEffect::RemoveBadge => check(viewer, Action::RemoveBadge, now())?,
        AuthorEffect::Nothing | AuthorEffect::Warn => {}
    }
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let (post, topic, forum) = access::post(db, Some(viewer), item.post_id).await?;
    // A post held by a filter is approved (published as it is, or edited
    // first) or kept unpublished; approving needs no note.
    let held = post.review == Some(Review::Pending);
    let approves = held && outcome == Outcome::NoAction;
    if note.is_empty() && !approves {
        return Err(AppError::field(
            "note",
            "Add a note: it goes on the record.",
        ));
    }
    if approves && !resolution.confirmed {
        let title = if post.number == 1 {
            topic.title.as_str()
        } else {
            ""
        };
        if let Some(found) = screen::explain(&[&post.body_source, title]) {
            return Err(AppError::field(
                "confirm",
                format!(
                    "This post was held because it contains {}. Look at the highlighted part and confirm that publishing it is right.",
                    found.found.join(", ")
                ),
            ));
        }
    }
    let removed_badge = match outcome.author_effect() {
        AuthorEffect::RemoveBadge => {
            let author = people::load_viewer(db, post.author_id).await?;
            match resolution.badge {
                Some(Badge::Listener) if author.as_ref().is_some_and(|a| a.is_listener) => {
                    Some(SanctionKind::ListenerRemoved)
                }
                Some(Badge::Listener) => {
                    return Err(AppError::field("badge", "The author is not a listener."));
                }
                Some(Badge::Mentor) if author.is_some_and(|a| a.mentor_of.contains(&forum.id)) => {
                    Some(SanctionKind::MentorRemoved)
                }
                Some(Badge::Mentor) => {
                    return Err(AppError::field(
                        "badge",
                        "The author does not mentor this forum.",
                    ));
                }
                _ => {
                    return Err(AppError::field(
                        "badge",
                        "Choose the badge to remove: listener, or mentor of this forum.",
                    ));
                }
            }
        }
        _ => None,
    };

    let txn = crate::server::db::begin_write(db).await?;
    let at = now();
    // The status check in the UPDATE is what makes resolution single-winner.
    let settled = queue_item::Entity::update_many()
        .col_expr(
            queue_item::Column::Status,
            Expr::value(QueueStatus::Resolved),
        )
        .col_expr(queue_item::Column::Outcome, Expr::value(outcome.as_str()))
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

    let agreed = outcome != Outcome::NoAction;
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

    // What the author is told, one sentence per effect, sent once. The
    // moderator is "a moderator": their name is not given to the person
    // they acted on (leaders and staff see it in the audit log).
    let mut told: Vec<String> = Vec::new();
    let mut kind = None;
    // A held post is published or rejected below (settle_held), never
    // shown or hidden; an edit applies either way.
    match (outcome.post_effect(), held) {
        (PostEffect::Leave, false) => {
            if outcome == Outcome::NoAction && post.hidden_at.is_some() {
                set_hidden(&txn, post.id, None).await?;
                audit::record(&txn, Some(viewer.id), "restore", ("post", post.id), &note).await?;
            }
        }
        (PostEffect::Hide, false) => {
            let reason = general_reason(&txn, item_id).await?;
            set_hidden(&txn, post.id, Some(&reason)).await?;
            audit::record(&txn, Some(viewer.id), "hide", ("post", post.id), &note).await?;
            told.push(format!(
                "A moderator hid your post in “{}”: {reason}.",
                topic.title
            ));
            kind = Some(NotificationKind::PostHidden);
        }
        (PostEffect::Edit, _) => {
            let edit = content::Edit {
                body: new_body.unwrap_or_default(),
                base_version: post.version,
                reason: format!("Edited by a moderator: {note}"),
                policy_summary: None,
            };
            content::apply(&txn, &post, viewer.id, &edit, at).await?;
            audit::record(&txn, Some(viewer.id), "edit", ("post", post.id), &note).await?;
            told.push(format!(
                "A moderator edited your post in “{}”: {note}. Its history shows what changed.",
                topic.title
            ));
            kind = Some(NotificationKind::PostEdited);
        }
        (PostEffect::Leave | PostEffect::Hide, true) => {}
    }
    match outcome.author_effect() {
        AuthorEffect::Nothing => {}
        AuthorEffect::Warn => {
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
            told.push(format!(
                "You received a warning about your post in “{}”: {note}",
                topic.title
            ));
            kind = Some(NotificationKind::Warning);
        }
        AuthorEffect::Suspend => {
            let who = (post.author_id, note.as_str());
            let about = about_item(&item);
            told.push(suspend(&txn, about, who, viewer.id, resolution.suspend_until).await?);
            kind = Some(NotificationKind::Suspension);
        }
        AuthorEffect::RemoveBadge => {
            let removed = removed_badge.unwrap_or(SanctionKind::ListenerRemoved);
            sanction(&txn, post.author_id, removed, &note, &item, viewer.id, None).await?;
            standing::set_badge(&txn, post.author_id, removed, forum.id, false).await?;
            audit::record(
                &txn,
                Some(viewer.id),
                removed.as_str(),
                ("user", post.author_id),
                &note,
            )
            .await?;
            let what = match removed {
                SanctionKind::MentorRemoved => format!("You no longer mentor {}", forum.name),
                _ => "Your listener badge was removed".to_string(),
            };
            told.push(format!(
                "{what}, after your post in “{}”: {note} You can appeal this from your record.",
                topic.title
            ));
            kind = Some(NotificationKind::Warning);
        }
    }
    if let Some(kind) = kind {
        notify::create(
            &txn,
            post.author_id,
            kind,
            None,
            Some(topic.id),
            Some(post.id),
            told.join(" "),
        )
        .await?;
    }
    audit::record(
        &txn,
        Some(viewer.id),
        outcome.as_str(),
        ("queue_item", item_id),
        &note,
    )
    .await?;
    if held {
        settle_held(
            &txn,
            viewer,
            &post,
            &topic,
            &forum,
            outcome.publishes_held(),
            &note,
        )
        .await?;
    }

    let mut reporters = Vec::new();
    for flagger in flaggers {
        if reporters.contains(&flagger) {
            continue;
        }
        reporters.push(flagger);
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
                outcome.for_flagger(held)
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
        // "A moderator": the author is not told which one.
        None,
        Some(topic.id),
        Some(post.id),
        message,
    )
    .await
}

//! Reports about private messages. A conversation belongs to no forum, so
//! its reports go to global leaders and staff, not to forum mentors. The
//! report keeps a snapshot of the message and the few around it; while it
//! is open, leaders and staff may read the conversation (each read is
//! audited, see `messages::conversation`). A decision is the same as for a
//! post, without editing: hide the message, warn or suspend its author, or
//! remove a badge they misused; the people who reported are told what
//! happened, in general terms. The contact filter files reports too, with
//! no reporter, when someone tries to send contact details to a teen.

use super::*;
use crate::model::{AuthorEffect, Badge, MessageReportLine, PostEffect, ReportedMessageView};
use crate::server::entities::{message, message_report};
use crate::server::services::base::conversations::{self, Snapshot};
use crate::server::services::base::{audit, notify, people, screen, standing};

/// Reported messages listed at once.
pub const REPORTED_SHOWN: usize = 100;

/// Reports a private message the viewer was shown in a conversation they
/// are in. The same daily limit as reports of posts applies to both.
pub async fn report_message(
    db: &DatabaseConnection,
    config: &ModerationConfig,
    viewer: Option<&Viewer>,
    message_id: i32,
    reason: FlagReason,
    note: &str,
) -> AppResult<()> {
    let note = &crate::server::text::clean(note);
    validate_flag(reason, note)?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let row = message::Entity::find_by_id(message_id)
        .one(db)
        .await?
        .filter(|m| !m.blocked && (m.review.is_none() || m.author_id == viewer.id))
        .ok_or(AppError::NotFound)?;
    let members = conversations::current_members(db, row.conversation_id).await?;
    check(
        Some(viewer),
        Action::ReportMessage {
            member: members.contains(&viewer.id),
            own: row.author_id == viewer.id,
        },
        now(),
    )?;
    if row.hidden_at.is_some() {
        return Err(AppError::Conflict(
            "Thank you: a moderator already hid this message.".into(),
        ));
    }

    let txn = crate::server::db::begin_write(db).await?;
    let at = now();
    // One person's reports are counted one at a time (as for posts).
    user::Entity::find_by_id(viewer.id)
        .lock_exclusive()
        .one(&txn)
        .await?;
    let since = at - Duration::hours(24);
    let today = flag::Entity::find()
        .filter(flag::Column::FlaggerId.eq(viewer.id))
        .filter(flag::Column::CreatedAt.gt(since))
        .count(&txn)
        .await?
        + message_report::Entity::find()
            .filter(message_report::Column::ReporterId.eq(viewer.id))
            .filter(message_report::Column::CreatedAt.gt(since))
            .count(&txn)
            .await?;
    if today >= config.daily_flag_limit {
        return Err(AppError::Forbidden(format!(
            "You have made {} reports in the last 24 hours, the most allowed. If someone is in danger, contact a leader or staff member directly.",
            config.daily_flag_limit
        )));
    }
    let snapshot = conversations::snapshot(&txn, &row).await?;
    let filed =
        conversations::file_report(&txn, &row, Some(viewer.id), reason, note.trim(), &snapshot)
            .await?;
    if !filed {
        return Err(AppError::Conflict(
            "You have already reported this message; a leader or staff member will look at it."
                .into(),
        ));
    }
    notify::create(
        &txn,
        viewer.id,
        NotificationKind::FlagReceived,
        None,
        None,
        None,
        format!(
            "We received your report about a private message. Thank you: a global leader or staff member will look at it, and you will hear what happened. ({AFTER_A_REPORT})"
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Reported messages with open reports, oldest report first, for leaders
/// and staff: the message, who reported it and why, and its snapshot.
pub async fn reported_messages(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
) -> AppResult<Vec<ReportedMessageView>> {
    check(viewer, Action::ReviewMessages, now())?;
    let open = message_report::Entity::find()
        .filter(message_report::Column::Status.eq(FlagStatus::Open))
        .order_by_asc(message_report::Column::Id)
        .all(db)
        .await?;
    let mut order: Vec<i32> = Vec::new();
    let mut by_message: HashMap<i32, Vec<message_report::Model>> = HashMap::new();
    for report in open {
        if !by_message.contains_key(&report.message_id) {
            if order.len() == REPORTED_SHOWN {
                continue;
            }
            order.push(report.message_id);
        }
        by_message
            .entry(report.message_id)
            .or_default()
            .push(report);
    }
    let messages: HashMap<i32, message::Model> = message::Entity::find()
        .filter(message::Column::Id.is_in(order.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let mut ids: Vec<i32> = messages.values().map(|m| m.author_id).collect();
    ids.extend(by_message.values().flatten().filter_map(|r| r.reporter_id));
    let names = people::summaries(db, &ids).await?;
    let mut out = Vec::new();
    for message_id in order {
        let (Some(m), Some(reports)) = (messages.get(&message_id), by_message.get(&message_id))
        else {
            continue;
        };
        let Some(author) = names.get(&m.author_id).cloned() else {
            continue;
        };
        let snapshot = reports
            .first()
            .map(|r| Snapshot::parse(&r.snapshot))
            .unwrap_or_default();
        let author_viewer = people::load_viewer(db, m.author_id).await?;
        let by_filter = reports.iter().any(|r| r.reporter_id.is_none());
        out.push(ReportedMessageView {
            message_id,
            conversation_id: m.conversation_id,
            author,
            reports: reports
                .iter()
                .map(|r| MessageReportLine {
                    reporter: r.reporter_id.and_then(|id| names.get(&id).cloned()),
                    reason: r.reason,
                    note: r.note.clone(),
                    created_at: r.created_at,
                })
                .collect(),
            snapshot: snapshot.messages,
            to: snapshot.to,
            by_filter,
            contact: by_filter
                .then(|| screen::explain_for_review(&[&m.body_source]))
                .flatten(),
            author_mentors_teens: conversations::mentors_teens(db, m.author_id).await?,
            author_is_listener: author_viewer.is_some_and(|v| v.is_listener),
            hidden: m.hidden_at.is_some(),
            refused: m.blocked,
            created_at: reports
                .first()
                .map(|r| r.created_at)
                .unwrap_or(m.created_at),
        });
    }
    Ok(out)
}

/// What reporters are told, about a message instead of a post.
fn for_reporter(outcome: Outcome) -> String {
    outcome
        .for_flagger(false)
        .replace("the post", "the message")
}

/// Settles the open reports of a message with one decision: of two
/// moderators deciding at once, one wins (a guarded UPDATE of the open
/// reports) and the other is told it was handled.
pub async fn resolve_message(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    message_id: i32,
    resolution: Resolution,
) -> AppResult<()> {
    let at = now();
    check(viewer, Action::ReviewMessages, at)?;
    let outcome = resolution.outcome;
    let note = resolution.note.trim().to_string();
    if outcome.post_effect() == PostEffect::Edit {
        return Err(AppError::field(
            "outcome",
            "A private message is not edited by moderators: hide it instead.",
        ));
    }
    match outcome.author_effect() {
        AuthorEffect::Suspend => check(viewer, Action::Suspend, at)?,
        AuthorEffect::RemoveBadge => check(viewer, Action::RemoveBadge, at)?,
        AuthorEffect::Nothing | AuthorEffect::Warn => {}
    }
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    if note.is_empty() && outcome != Outcome::NoAction {
        return Err(AppError::field(
            "note",
            "Add a note: it goes on the record.",
        ));
    }
    let row = message::Entity::find_by_id(message_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    // The badge the author misused: listener, or mentoring teen forums
    // (every teen forum they mentor: the badge that let them write to teens).
    let badge_removals: Vec<(SanctionKind, Option<i32>)> = match outcome.author_effect() {
        AuthorEffect::RemoveBadge => match resolution.badge {
            Some(Badge::Listener)
                if people::load_viewer(db, row.author_id)
                    .await?
                    .is_some_and(|a| a.is_listener) =>
            {
                vec![(SanctionKind::ListenerRemoved, None)]
            }
            Some(Badge::Mentor) => {
                let forums = conversations::teen_forums_mentored(db, row.author_id).await?;
                if forums.is_empty() {
                    return Err(AppError::field(
                        "badge",
                        "The author does not mentor a teen forum.",
                    ));
                }
                forums
                    .into_iter()
                    .map(|f| (SanctionKind::MentorRemoved, Some(f)))
                    .collect()
            }
            Some(Badge::Listener) => {
                return Err(AppError::field("badge", "The author is not a listener."));
            }
            _ => {
                return Err(AppError::field(
                    "badge",
                    "Choose the badge to remove: listener, or mentor of teen forums.",
                ));
            }
        },
        _ => Vec::new(),
    };

    let txn = crate::server::db::begin_write(db).await?;
    let open = message_report::Entity::find()
        .filter(message_report::Column::MessageId.eq(message_id))
        .filter(message_report::Column::Status.eq(FlagStatus::Open))
        .all(&txn)
        .await?;
    let agreed = outcome != Outcome::NoAction;
    // The status check in the UPDATE is what makes a decision single-winner.
    let settled = message_report::Entity::update_many()
        .col_expr(
            message_report::Column::Status,
            Expr::value(if agreed {
                FlagStatus::Agreed
            } else {
                FlagStatus::Disagreed
            }),
        )
        .col_expr(message_report::Column::Outcome, Expr::value(outcome))
        .col_expr(
            message_report::Column::ResolutionNote,
            Expr::value(note.clone()),
        )
        .col_expr(message_report::Column::ResolvedBy, Expr::value(viewer.id))
        .col_expr(message_report::Column::ResolvedAt, Expr::value(at))
        .filter(message_report::Column::Id.is_in(open.iter().map(|r| r.id)))
        .filter(message_report::Column::Status.eq(FlagStatus::Open))
        .exec(&txn)
        .await?;
    if settled.rows_affected == 0 {
        return Err(AppError::Conflict(
            "These reports were already handled by another moderator.".into(),
        ));
    }
    let reason = open
        .iter()
        .find(|r| r.reporter_id.is_some())
        .map_or("it shared contact details with a teen", |r| {
            r.reason.label()
        })
        .to_lowercase();

    let mut told: Vec<String> = Vec::new();
    let mut kind = None;
    if outcome.post_effect() == PostEffect::Hide {
        message::Entity::update_many()
            .col_expr(message::Column::HiddenAt, Expr::value(at))
            .filter(message::Column::Id.eq(row.id))
            .filter(message::Column::HiddenAt.is_null())
            .exec(&txn)
            .await?;
        audit::record(&txn, Some(viewer.id), "hide", ("message", row.id), &note).await?;
        // A refused attempt was never shown: nothing to tell about hiding.
        if !row.blocked {
            told.push(format!(
                "A moderator hid one of your private messages: {reason}."
            ));
            kind = Some(NotificationKind::PostHidden);
        }
    }
    let about = || sanction::ActiveModel {
        message_id: Set(Some(row.id)),
        ..Default::default()
    };
    match outcome.author_effect() {
        AuthorEffect::Nothing => {}
        AuthorEffect::Warn => {
            let who = (row.author_id, SanctionKind::Warning, note.as_str());
            record_sanction(&txn, about(), who, viewer.id, None).await?;
            audit::record(
                &txn,
                Some(viewer.id),
                "warn",
                ("user", row.author_id),
                &note,
            )
            .await?;
            told.push(format!(
                "You received a warning about a private message: {note}"
            ));
            kind = Some(NotificationKind::Warning);
        }
        AuthorEffect::Suspend => {
            let who = (row.author_id, note.as_str());
            told.push(suspend(&txn, about(), who, viewer.id, resolution.suspend_until).await?);
            kind = Some(NotificationKind::Suspension);
        }
        AuthorEffect::RemoveBadge => {
            for (removed, forum_id) in &badge_removals {
                let with_forum = sanction::ActiveModel {
                    forum_id: Set(*forum_id),
                    ..about()
                };
                let who = (row.author_id, *removed, note.as_str());
                record_sanction(&txn, with_forum, who, viewer.id, None).await?;
                standing::set_badge(&txn, row.author_id, *removed, forum_id.unwrap_or(0), false)
                    .await?;
                audit::record(
                    &txn,
                    Some(viewer.id),
                    removed.as_str(),
                    ("user", row.author_id),
                    &note,
                )
                .await?;
            }
            let what = match badge_removals.first() {
                Some((SanctionKind::MentorRemoved, _)) => "You no longer mentor teen forums",
                _ => "Your listener badge was removed",
            };
            told.push(format!(
                "{what}, after a private message: {note} You can appeal this from your record."
            ));
            kind = Some(NotificationKind::Warning);
        }
    }
    if let Some(kind) = kind {
        notify::create(&txn, row.author_id, kind, None, None, None, told.join(" ")).await?;
    }
    audit::record(
        &txn,
        Some(viewer.id),
        outcome.as_str(),
        ("message", row.id),
        &note,
    )
    .await?;
    let mut reporters: Vec<i32> = open.iter().filter_map(|r| r.reporter_id).collect();
    reporters.sort_unstable();
    reporters.dedup();
    for reporter in reporters {
        notify::create(
            &txn,
            reporter,
            NotificationKind::FlagOutcome,
            None,
            None,
            None,
            format!(
                "About your report of a private message: {}. Thank you for looking out for others. ({AFTER_A_REPORT})",
                for_reporter(outcome)
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reporters_hear_about_the_message() {
        assert_eq!(
            for_reporter(Outcome::HideAndWarn),
            "a moderator reviewed it: the message was hidden and its author was warned"
        );
        assert_eq!(
            for_reporter(Outcome::NoAction),
            "a moderator reviewed it and found it within the guidelines"
        );
    }
}

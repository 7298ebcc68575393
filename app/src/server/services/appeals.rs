//! Appeals: a warned or suspended person may ask once, per warning or
//! suspension, for it to be looked at again. A global leader or staff member
//! other than the one who issued it upholds or reverses it, and the person
//! is told. A reversed sanction stops counting, and a reversed suspension
//! gives the account back.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};

use crate::error::{AppError, AppResult};
use crate::model::NotificationKind;
use crate::model::{AppealStatus, SanctionKind};
use crate::model::{AppealView, Role};
use crate::server::db::now;
use crate::server::entities::{appeal, sanction, user};
use crate::server::permissions::{Action, Viewer, allows, check};
use crate::server::services::base::{access, audit, notify, people, standing};

/// Longest appeal, in characters.
pub const MAX_APPEAL_CHARS: usize = 2_000;

/// The viewer appeals one of their own warnings or suspensions.
pub async fn file(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    sanction_id: i32,
    body: &str,
) -> AppResult<i32> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::field(
            "body",
            "Tell us why you think this should be looked at again.",
        ));
    }
    if body.chars().count() > MAX_APPEAL_CHARS {
        return Err(AppError::field(
            "body",
            format!("Appeals can be at most {MAX_APPEAL_CHARS} characters."),
        ));
    }
    let txn = crate::server::db::begin_write(db).await?;
    let sanction = sanction::Entity::find_by_id(sanction_id)
        .one(&txn)
        .await?
        .filter(|s| s.user_id == viewer.id)
        .ok_or(AppError::NotFound)?;
    if sanction.reversed_at.is_some() {
        return Err(AppError::Conflict("This was already reversed.".into()));
    }
    let existing = appeal::Entity::find()
        .filter(appeal::Column::SanctionId.eq(sanction.id))
        .one(&txn)
        .await?;
    if existing.is_some() {
        return Err(AppError::Conflict(
            "You have already appealed this; each warning or suspension can be appealed once."
                .into(),
        ));
    }
    let row = appeal::ActiveModel {
        sanction_id: Set(sanction.id),
        user_id: Set(viewer.id),
        body: Set(body.to_string()),
        status: Set(AppealStatus::Open),
        decided_by: Set(None),
        decision_note: Set(String::new()),
        decided_at: Set(None),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // Everyone who may decide it hears of it (permissions decide who; the
    // query only narrows to the roles that can decide anything).
    let at = now();
    let candidates: Vec<people::Access> = people::access_query()
        .filter(user::Column::Role.is_in([Role::GlobalLeader.as_str(), Role::Staff.as_str()]))
        .into_model()
        .all(&txn)
        .await?;
    let decide = Action::DecideAppeal {
        issued_by: sanction.issued_by,
    };
    let deciders = candidates
        .into_iter()
        .map(|c| c.viewer(Vec::new()))
        .filter(|person| allows(Some(person), decide, at));
    for person in deciders {
        notify::create(
            &txn,
            person.id,
            NotificationKind::AppealWaiting,
            Some(viewer.id),
            None,
            None,
            format!("{} appealed the {}.", viewer.username, sanction.kind.noun()),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(row.id)
}

/// Open appeals the viewer may decide, oldest first.
pub async fn open(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
) -> AppResult<Vec<AppealView>> {
    check(viewer, Action::ReviewAppeals, now())?;
    let rows = appeal::Entity::find()
        .filter(appeal::Column::Status.eq(AppealStatus::Open))
        .order_by_asc(appeal::Column::Id)
        .all(db)
        .await?;
    let sanctions = sanction::Entity::find()
        .filter(sanction::Column::Id.is_in(rows.iter().map(|a| a.sanction_id)))
        .all(db)
        .await?;
    let mut people: Vec<i32> = rows.iter().map(|a| a.user_id).collect();
    people.extend(sanctions.iter().map(|s| s.issued_by));
    let people = people::summaries(db, &people).await?;
    let at = now();
    Ok(rows
        .into_iter()
        .filter_map(|a| {
            let s = sanctions.iter().find(|s| s.id == a.sanction_id)?;
            if !allows(
                viewer,
                Action::DecideAppeal {
                    issued_by: s.issued_by,
                },
                at,
            ) {
                return None;
            }
            Some(AppealView {
                id: a.id,
                appellant: people.get(&a.user_id)?.clone(),
                kind: s.kind,
                sanction_reason: s.reason.clone(),
                issued_by: people.get(&s.issued_by)?.clone(),
                until: s.until,
                post_id: s.post_id,
                body: a.body,
                created_at: a.created_at,
            })
        })
        .collect())
}

/// Upholds (`reverse` false) or reverses an appeal. Of two people deciding
/// at once, exactly one succeeds.
pub async fn decide(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    appeal_id: i32,
    reverse: bool,
    note: &str,
) -> AppResult<()> {
    let note = note.trim();
    if note.is_empty() {
        return Err(AppError::field(
            "note",
            "Explain the decision: the person reads it.",
        ));
    }
    let appeal = appeal::Entity::find_by_id(appeal_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let sanction = sanction::Entity::find_by_id(appeal.sanction_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    check(
        viewer,
        Action::DecideAppeal {
            issued_by: sanction.issued_by,
        },
        now(),
    )?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let status = if reverse { "reversed" } else { "upheld" };

    let txn = crate::server::db::begin_write(db).await?;
    let at = now();
    let decided = appeal::Entity::update_many()
        .col_expr(appeal::Column::Status, Expr::value(status))
        .col_expr(appeal::Column::DecidedBy, Expr::value(viewer.id))
        .col_expr(appeal::Column::DecisionNote, Expr::value(note))
        .col_expr(appeal::Column::DecidedAt, Expr::value(at))
        .filter(appeal::Column::Id.eq(appeal.id))
        .filter(appeal::Column::Status.eq(AppealStatus::Open))
        .exec(&txn)
        .await?;
    if decided.rows_affected == 0 {
        return Err(AppError::Conflict(
            "This appeal was already decided.".into(),
        ));
    }
    if reverse {
        sanction::Entity::update_many()
            .col_expr(sanction::Column::ReversedAt, Expr::value(at))
            .filter(sanction::Column::Id.eq(sanction.id))
            .exec(&txn)
            .await?;
        match sanction.kind {
            SanctionKind::Suspension => {
                standing::apply_suspensions(&txn, sanction.user_id, at).await?;
            }
            SanctionKind::ListenerRemoved | SanctionKind::MentorRemoved => {
                // The badge comes back (mentoring the forum of the post).
                let forum_id = match (sanction.forum_id, sanction.post_id) {
                    (Some(forum_id), _) => Some(forum_id),
                    (None, Some(post_id)) => access::forum_of_post(&txn, post_id).await?,
                    (None, None) => None,
                };
                if let Some(forum_id) = forum_id {
                    standing::set_badge(&txn, sanction.user_id, sanction.kind, forum_id, true)
                        .await?;
                }
            }
            SanctionKind::Warning => {}
        }
    }
    audit::record(
        &txn,
        Some(viewer.id),
        if reverse {
            "appeal_reversed"
        } else {
            "appeal_upheld"
        },
        ("user", sanction.user_id),
        note,
    )
    .await?;
    let message = if reverse {
        format!(
            "Your appeal was accepted: the {} is reversed and no longer counts. {note}",
            sanction.kind.noun()
        )
    } else {
        format!(
            "Your appeal was reviewed and the {} stands. {note}",
            sanction.kind.noun()
        )
    };
    notify::create(
        &txn,
        sanction.user_id,
        NotificationKind::AppealDecided,
        Some(viewer.id),
        None,
        None,
        message,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

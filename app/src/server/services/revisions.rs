//! Editing posts, and their history. Every edit keeps a revision: the whole
//! text of each version, who wrote it, when and why. Nothing is overwritten
//! in place: the post row holds a copy of the newest version, and
//! `post_revisions` holds every version of an edited post (the original as
//! version 1, written when the post is first edited).
//!
//! Saving names the version the editor started from; if the post has moved
//! on since, the save is refused and the editor's text stays in their form.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};
use similar::{ChangeTag, TextDiff};

use crate::error::{AppError, AppResult, FieldError};
use crate::model::FilterAction;
use crate::model::Review;
use crate::model::{
    DiffKind, DiffSpan, EditablePost, MAX_EDIT_REASON_CHARS, PostHistory, RevisionDiff,
    RevisionView,
};
use crate::server::db::now;
use crate::server::entities::{forum, post, post_revision, topic};
use crate::server::markdown;
use crate::server::permissions::{Action, Viewer, allows, check};
use crate::server::services::base::{access, audit, content, notify, people, screen};

pub use crate::server::services::base::content::Edit;

fn validate(edit: &content::Edit) -> AppResult<()> {
    let mut errors: Vec<FieldError> = content::validate_body(&edit.body).into_iter().collect();
    if edit.reason.chars().count() > MAX_EDIT_REASON_CHARS {
        errors.push(FieldError {
            field: "reason".into(),
            message: format!("Keep the reason under {MAX_EDIT_REASON_CHARS} characters."),
        });
    }
    if let Some(summary) = &edit.policy_summary {
        if summary.trim().is_empty() {
            errors.push(FieldError {
                field: "policy_summary".into(),
                message: "Summarise the policy update in a sentence.".into(),
            });
        } else if summary.chars().count() > MAX_EDIT_REASON_CHARS {
            errors.push(FieldError {
                field: "policy_summary".into(),
                message: format!("Keep the summary under {MAX_EDIT_REASON_CHARS} characters."),
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// A post the viewer may edit, with the checks every edit makes.
async fn editable(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    post_id: i32,
) -> AppResult<(post::Model, topic::Model, forum::Model)> {
    let (post, topic, forum) = access::post(db, viewer, post_id).await?;
    check(
        viewer,
        Action::EditPost {
            forum: access::forum_ref(&forum),
            author_id: post.author_id,
        },
        now(),
    )?;
    Ok((post, topic, forum))
}

fn can_mark_policy(viewer: &Viewer, forum: &forum::Model) -> bool {
    allows(
        Some(viewer),
        Action::MarkPolicyUpdate(access::forum_ref(forum)),
        now(),
    )
}

/// The post as its editor opens it.
pub async fn open(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    post_id: i32,
) -> AppResult<EditablePost> {
    let (post, topic, forum) = editable(db, viewer, post_id).await?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    Ok(EditablePost {
        post_id: post.id,
        topic_id: topic.id,
        topic_title: topic.title,
        version: post.version,
        body_source: post.body_source,
        can_mark_policy: can_mark_policy(viewer, &forum),
        last_editor: people::summary(db, post.edited_by.unwrap_or(post.author_id)).await?,
        last_edited_at: post.updated_at.unwrap_or(post.created_at),
    })
}

/// Saves an edit by the post's author or a moderator of its forum. A
/// moderator changing someone else's post is written to the audit log.
pub async fn edit(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    post_id: i32,
    edit: content::Edit,
) -> AppResult<i32> {
    use crate::server::text::clean;
    let edit = content::Edit {
        body: clean(&edit.body),
        reason: clean(&edit.reason),
        policy_summary: edit.policy_summary.as_deref().map(clean),
        ..edit
    };
    validate(&edit)?;
    let (post, topic, forum) = editable(db, viewer, post_id).await?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    if edit.policy_summary.is_some() && !can_mark_policy(viewer, &forum) {
        return Err(AppError::Forbidden(
            "Only staff can mark an edit of a guideline post as a policy update.".into(),
        ));
    }
    if edit.base_version != post.version {
        return Err(AppError::Conflict(content::CONFLICT_MESSAGE.into()));
    }
    let verdict = screen::evaluate(db, screen::detector(), &forum, &[&edit.body]).await?;
    let typed = screen::Typed {
        title: "",
        body: &edit.body,
    };
    if verdict.action == Some(FilterAction::Block) {
        screen::record_block(db, viewer, &forum, typed, &verdict).await?;
        return Err(AppError::Validation(verdict.block_errors(&["body"])));
    }
    let filtered = content::Edit {
        body: verdict.texts[0].clone(),
        ..edit.clone()
    };
    let txn = crate::server::db::begin_write(db).await?;
    let mut saved = content::apply(&txn, &post, viewer.id, &filtered, now()).await?;
    if verdict.holds() {
        // A held edit takes the post out of view until a moderator approves it.
        post::Entity::update_many()
            .col_expr(post::Column::Review, Expr::value(Review::Pending))
            .filter(post::Column::Id.eq(post.id))
            .exec(&txn)
            .await?;
        saved.review = Some(Review::Pending);
    }
    screen::carry_out(&txn, viewer, &forum, &topic, &saved, typed, &verdict).await?;
    if let Some(summary) = &edit.policy_summary {
        notify::policy_update(&txn, &forum, &topic, &saved, viewer, summary.trim()).await?;
        // A policy update changes what everyone agreed to: on the record.
        audit::record(
            &txn,
            Some(viewer.id),
            "policy_update",
            ("post", post.id),
            summary.trim(),
        )
        .await?;
    }
    if post.author_id != viewer.id {
        audit::record(
            &txn,
            Some(viewer.id),
            "edit",
            ("post", post.id),
            edit.reason.trim(),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(saved.version)
}

async fn versions(
    db: &impl ConnectionTrait,
    post: &post::Model,
) -> AppResult<Vec<post_revision::Model>> {
    let mut rows = post_revision::Entity::find()
        .filter(post_revision::Column::PostId.eq(post.id))
        .order_by_desc(post_revision::Column::Version)
        .all(db)
        .await?;
    if rows.is_empty() {
        // Never edited: its one version is the post itself.
        rows.push(post_revision::Model {
            id: 0,
            post_id: post.id,
            version: post.version,
            body_source: post.body_source.clone(),
            editor_id: post.author_id,
            reason: String::new(),
            policy_update: false,
            policy_summary: String::new(),
            created_at: post.created_at,
        });
    }
    Ok(rows)
}

/// Every version of a post, newest first.
pub async fn history(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    post_id: i32,
) -> AppResult<PostHistory> {
    let (post, topic, _) = access::post(db, viewer, post_id).await?;
    let rows = versions(db, &post).await?;
    let editors: Vec<i32> = rows.iter().map(|r| r.editor_id).collect();
    let people = people::summaries(db, &editors).await?;
    Ok(PostHistory {
        post_id: post.id,
        topic_id: topic.id,
        topic_title: topic.title,
        number: post.number,
        current_version: post.version,
        can_restore: allows(viewer, Action::RestoreRevision, now()),
        revisions: rows
            .into_iter()
            .filter_map(|r| {
                Some(RevisionView {
                    version: r.version,
                    editor: people.get(&r.editor_id)?.clone(),
                    reason: r.reason,
                    policy_update: r.policy_update,
                    policy_summary: r.policy_summary,
                    created_at: r.created_at,
                })
            })
            .collect(),
    })
}

/// The words added and removed between two versions of a post.
pub async fn diff(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    post_id: i32,
    from: i32,
    to: i32,
) -> AppResult<RevisionDiff> {
    let (post, _, _) = access::post(db, viewer, post_id).await?;
    let rows = versions(db, &post).await?;
    let text_of = |version: i32| {
        rows.iter()
            .find(|r| r.version == version)
            .map(|r| r.body_source.as_str())
            .ok_or(AppError::NotFound)
    };
    let (old, new) = (text_of(from)?, text_of(to)?);
    let mut diff = word_diff(
        from,
        to,
        &markdown::plain_text(old),
        &markdown::plain_text(new),
    );
    diff.from_html = content::render(db, old).await?.0;
    diff.to_html = content::render(db, new).await?.0;
    Ok(diff)
}

/// A word-level diff of two texts, as runs of same, added and removed text.
pub fn word_diff(from: i32, to: i32, old: &str, new: &str) -> RevisionDiff {
    let diff = TextDiff::from_words(old, new);
    let mut spans: Vec<DiffSpan> = Vec::new();
    let (mut added_words, mut removed_words) = (0, 0);
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => DiffKind::Same,
            ChangeTag::Insert => DiffKind::Added,
            ChangeTag::Delete => DiffKind::Removed,
        };
        let text = change.value();
        if !text.trim().is_empty() {
            match kind {
                DiffKind::Added => added_words += 1,
                DiffKind::Removed => removed_words += 1,
                DiffKind::Same => {}
            }
        }
        match spans.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(text),
            _ => spans.push(DiffSpan {
                kind,
                text: text.to_string(),
            }),
        }
    }
    RevisionDiff {
        from,
        to,
        spans,
        added_words,
        removed_words,
        from_html: String::new(),
        to_html: String::new(),
    }
}

/// Staff make an earlier version current again; the restore is itself a new
/// version, so nothing is lost.
pub async fn restore(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    post_id: i32,
    version: i32,
) -> AppResult<i32> {
    check(viewer, Action::RestoreRevision, now())?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let (post, _, _) = access::post(db, Some(viewer), post_id).await?;
    if version == post.version {
        return Err(AppError::Conflict(
            "That version is already the current one.".into(),
        ));
    }
    let rows = versions(db, &post).await?;
    let old = rows
        .iter()
        .find(|r| r.version == version)
        .ok_or(AppError::NotFound)?;
    let edit = content::Edit {
        body: old.body_source.clone(),
        base_version: post.version,
        reason: format!("Restored version {version}"),
        policy_summary: None,
    };
    let txn = crate::server::db::begin_write(db).await?;
    let saved = content::apply(&txn, &post, viewer.id, &edit, now()).await?;
    audit::record(
        &txn,
        Some(viewer.id),
        "restore_revision",
        ("post", post.id),
        &edit.reason,
    )
    .await?;
    txn.commit().await?;
    Ok(saved.version)
}

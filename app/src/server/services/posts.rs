//! Posts: replying, quoting, upvoting, and the notifications a post causes.

use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait, QueryFilter,
    sea_query::{Expr, OnConflict},
};

use crate::error::{AppError, AppResult};
use crate::model::FilterAction;
use crate::model::Review;
use crate::model::{PostView, UpvoteState};
use crate::server::db::now;
use crate::server::entities::{post, topic, upvote};
use crate::server::permissions::{Action, Viewer, check};
use crate::server::services::base::{access, content, drafts, people, reading, screen};

/// Adds a reply at the end of a topic.
pub async fn reply(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    topic_id: i32,
    body: &str,
) -> AppResult<PostView> {
    let body = &crate::server::text::clean(body);
    let (topic, forum) = access::topic(db, viewer, topic_id).await?;
    check(
        viewer,
        Action::Reply {
            forum: access::forum_ref(&forum),
            locked: topic.locked,
        },
        now(),
    )?;
    if let Some(error) = content::validate_body(body) {
        return Err(AppError::Validation(vec![error]));
    }
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let verdict = screen::evaluate(db, screen::detector(), &forum, &[body]).await?;
    let typed = screen::Typed { title: "", body };
    if verdict.action == Some(FilterAction::Block) {
        screen::record_block(db, viewer, &forum, typed, &verdict).await?;
        return Err(AppError::Validation(verdict.block_errors(&["body"])));
    }
    let review = verdict.holds().then_some(Review::Pending);

    let txn = crate::server::db::begin_write(db).await?;
    let at = now();
    // Taking the next number by incrementing the counter locks the topic row,
    // so concurrent replies get distinct, gapless numbers.
    topic::Entity::update_many()
        .col_expr(
            topic::Column::PostCount,
            Expr::col(topic::Column::PostCount).add(1),
        )
        .col_expr(topic::Column::LastPostAt, Expr::value(at))
        .filter(topic::Column::Id.eq(topic.id))
        .exec(&txn)
        .await?;
    let topic = topic::Entity::find_by_id(topic.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = content::write(
        &txn,
        viewer,
        &forum,
        &topic,
        topic.post_count,
        &verdict.texts[0],
        review,
        at,
    )
    .await?;
    screen::carry_out(&txn, viewer, &forum, &topic, &row, typed, &verdict).await?;
    reading::mark_read(&txn, viewer.id, topic.id, row.number, at).await?;
    drafts::discard(&txn, viewer.id, &drafts::reply_key(topic.id)).await?;
    txn.commit().await?;

    Ok(PostView {
        author: people::summary(db, viewer.id).await?,
        is_op: topic.author_id == viewer.id,
        upvoted: false,
        can_upvote: false,
        can_flag: false,
        by_blocked: false,
        can_quote: true,
        id: row.id,
        topic_id: row.topic_id,
        number: row.number,
        body_html: row.body_html,
        upvotes: 0,
        created_at: row.created_at,
        updated_at: None,
        hidden: false,
        hidden_reason: None,
        hidden_by_moderator: false,
        version: row.version,
        edited_by: None,
        can_edit: true,
        policy: None,
        own: true,
        contact: (row.review == Some(Review::Pending))
            .then(|| screen::explain(&[&row.body_source]))
            .flatten(),
        review: row.review,
    })
}

/// What a body would look like once posted: the same cleaning and the same
/// renderer (mentions linked, sanitised) as saving it, so the preview is
/// the stored result. Only for people logged in (it looks names up).
pub async fn preview(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    body: &str,
) -> AppResult<String> {
    viewer.ok_or(AppError::Unauthorized)?;
    let body = crate::server::text::clean(body);
    if let Some(error) = content::validate_body(&body) {
        return Err(AppError::Validation(vec![error]));
    }
    Ok(content::render(db, &body).await?.0)
}

/// The filters' verdict on a draft for the forum `forum_slug`, as the
/// person pauses typing: refused (with the rule's message) or held (with
/// what the contact filter found); None when it would be published. Rules
/// that only flag or censor stay silent, as they do on posting.
pub async fn check_draft(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    forum_slug: &str,
    body: &str,
) -> AppResult<Option<crate::model::DraftVerdict>> {
    viewer.ok_or(AppError::Unauthorized)?;
    let forum = access::forum_by_slug(db, viewer, forum_slug).await?;
    let body = crate::server::text::clean(body);
    let verdict = screen::evaluate(db, screen::detector(), &forum, &[&body]).await?;
    let explanation = screen::explain(&[&body]);
    Ok(match verdict.action {
        Some(FilterAction::Block) => Some(crate::model::DraftVerdict {
            refused: true,
            message: verdict
                .block_errors(&["body"])
                .into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
                .join(" "),
            explanation,
        }),
        Some(FilterAction::Hold) => Some(crate::model::DraftVerdict {
            refused: false,
            message: "If you post this, a moderator will read it before anyone else can see it."
                .into(),
            explanation,
        }),
        _ => None,
    })
}

/// The Markdown of a post, as a quote to start a reply with.
pub async fn quote(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    post_id: i32,
) -> AppResult<String> {
    let (post, _, _) = access::post(db, viewer, post_id).await?;
    let author = people::summary(db, post.author_id).await?;
    let quoted: String = post
        .body_source
        .lines()
        .map(|l| format!("> {l}\n"))
        .collect();
    Ok(format!("> **@{}** wrote:\n>\n{quoted}\n", author.username))
}

/// Adds the viewer's upvote, or takes it back when there is one.
pub async fn toggle_upvote(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    post_id: i32,
) -> AppResult<UpvoteState> {
    let (post, topic, forum) = access::post(db, viewer, post_id).await?;
    if !access::post_facts(&post, &topic, &forum).published() {
        return Err(AppError::Forbidden(
            "Only published posts can be upvoted.".into(),
        ));
    }
    check(
        viewer,
        Action::Upvote {
            forum: access::forum_ref(&forum),
            author_id: post.author_id,
        },
        now(),
    )?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;

    let txn = crate::server::db::begin_write(db).await?;
    // The row decides, not a read before it: removing an upvote that is
    // there, else adding one (DO NOTHING: a double click racing this one
    // has already added it). The count moves by the rows that changed, in
    // one statement on the post's row, so simultaneous upvotes all count.
    let removed = upvote::Entity::delete_by_id((post.id, viewer.id))
        .exec(&txn)
        .await?
        .rows_affected;
    let (upvoted, change) = if removed > 0 {
        (false, -1)
    } else {
        let added = upvote::Entity::insert(upvote::ActiveModel {
            post_id: Set(post.id),
            user_id: Set(viewer.id),
            created_at: Set(now()),
        })
        .on_conflict(
            OnConflict::columns([upvote::Column::PostId, upvote::Column::UserId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        (true, i32::from(added > 0))
    };
    if change != 0 {
        post::Entity::update_many()
            .col_expr(
                post::Column::UpvoteCount,
                Expr::col(post::Column::UpvoteCount).add(change),
            )
            .filter(post::Column::Id.eq(post.id))
            .exec(&txn)
            .await?;
    }
    let count = post::Entity::find_by_id(post.id)
        .one(&txn)
        .await?
        .map_or(0, |p| p.upvote_count);
    txn.commit().await?;
    Ok(UpvoteState {
        post_id: post.id,
        upvoted,
        count,
    })
}

/// Where post `post_id` is shown: its topic and the `after` of its page.
pub async fn locate(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    post_id: i32,
) -> AppResult<(i32, i32)> {
    // The page shows a hidden post's placeholder, so it can be linked to.
    let (post, _, _) = access::placeable_post(db, viewer, post_id).await?;
    let per_page = crate::model::POSTS_PER_PAGE as i32;
    Ok((post.topic_id, (post.number - 1) / per_page * per_page))
}

//! Posts: replying, quoting, upvoting, and the notifications a post causes.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait, QueryFilter,
    sea_query::{Expr, OnConflict},
};

use crate::error::{AppError, AppResult};
use crate::model::NotificationKind;
use crate::model::Review;
use crate::model::{PostView, UpvoteState};
use crate::server::db::now;
use crate::server::entities::{forum, post, topic, upvote, user};
use crate::server::markdown;
use crate::server::permissions::{Action, PostFacts, PostSight, Viewer, allows, check, post_sight};
use crate::server::services::filters::{self, FilterAction};
use crate::server::services::{accounts, forums, notifications, topics};

/// Renders a post body to sanitised HTML, linking the @mentions of people
/// who exist; returns them too.
pub(crate) async fn render(
    db: &impl ConnectionTrait,
    body: &str,
) -> AppResult<(String, Vec<user::Model>)> {
    let mentioned = accounts::find_by_names(db, &markdown::mentioned_names(body)).await?;
    let known: HashMap<String, String> = mentioned
        .iter()
        .map(|u| (u.username_key.clone(), u.username.clone()))
        .collect();
    Ok((markdown::render(body, &known), mentioned))
}

/// Renders and stores post `number` of `topic` inside the caller's
/// transaction. A published post notifies the people it mentions and the
/// topic's author at once; a held one (`review` pending) waits until a
/// moderator approves it.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn write(
    txn: &impl ConnectionTrait,
    viewer: &Viewer,
    forum: &forum::Model,
    topic: &topic::Model,
    number: i32,
    body: &str,
    review: Option<Review>,
    at: DateTime<Utc>,
) -> AppResult<post::Model> {
    let (body_html, mentioned) = render(txn, body).await?;
    let row = post::ActiveModel {
        topic_id: Set(topic.id),
        author_id: Set(viewer.id),
        number: Set(number),
        body_html: Set(body_html),
        body_source: Set(body.to_string()),
        upvote_count: Set(0),
        created_at: Set(at),
        updated_at: Set(None),
        hidden_at: Set(None),
        version: Set(1),
        edited_by: Set(None),
        review: Set(review),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    if review.is_none() {
        announce_to(txn, viewer, forum, topic, &row, mentioned).await?;
    }
    Ok(row)
}

/// At most this many people are notified of a mention in one post (the
/// first ones named); more are still linked, but nobody can page the
/// whole forum with one post. Discourse's default is the same.
pub const MAX_MENTIONS_NOTIFIED: usize = 10;

/// Tells the people a newly published post mentions, and the topic's
/// author, about it.
pub(crate) async fn announce(
    txn: &impl ConnectionTrait,
    author: &Viewer,
    forum: &forum::Model,
    topic: &topic::Model,
    post: &post::Model,
) -> AppResult<()> {
    let mentioned =
        accounts::find_by_names(txn, &markdown::mentioned_names(&post.body_source)).await?;
    announce_to(txn, author, forum, topic, post, mentioned).await
}

/// [`announce`], with the mentioned people already looked up.
async fn announce_to(
    txn: &impl ConnectionTrait,
    author: &Viewer,
    forum: &forum::Model,
    topic: &topic::Model,
    post: &post::Model,
    mentioned: Vec<user::Model>,
) -> AppResult<()> {
    // In the order they are named, so the cap keeps the first ones.
    let order = markdown::mentioned_names(&post.body_source);
    let mut mentioned = mentioned;
    mentioned.sort_by_key(|u| order.iter().position(|n| *n == u.username_key));
    mentioned.truncate(MAX_MENTIONS_NOTIFIED);
    let at = now();
    let forum_ref = forums::forum_ref(forum);
    let mut notified = vec![author.id];
    for person in mentioned {
        if notified.contains(&person.id) {
            continue;
        }
        notified.push(person.id);
        // Someone who cannot read the forum is not told about it.
        let Some(target) = accounts::load_viewer(txn, person.id).await? else {
            continue;
        };
        if !allows(Some(&target), Action::ReadForum(forum_ref), at) {
            continue;
        }
        notifications::create(
            txn,
            person.id,
            NotificationKind::Mention,
            Some(author.id),
            Some(topic.id),
            Some(post.id),
            format!("{} mentioned you in “{}”", author.username, topic.title),
        )
        .await?;
    }
    if post.number > 1 && !notified.contains(&topic.author_id) {
        notifications::create(
            txn,
            topic.author_id,
            NotificationKind::Reply,
            Some(author.id),
            Some(topic.id),
            Some(post.id),
            format!(
                "{} replied to your topic “{}”",
                author.username, topic.title
            ),
        )
        .await?;
    }
    Ok(())
}

/// The facts that decide who sees `post` (of `topic`, in `forum`).
pub(crate) fn facts(post: &post::Model, topic: &topic::Model, forum: &forum::Model) -> PostFacts {
    PostFacts {
        forum: forums::forum_ref(forum),
        author_id: post.author_id,
        topic_author_id: topic.author_id,
        topic_held: topic.review.is_some(),
        held: post.review.is_some(),
        hidden: post.hidden_at.is_some(),
    }
}

/// A post with its topic and forum, and what the viewer may see of it;
/// NotFound when nothing ([`post_sight`] decides).
async fn find(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    post_id: i32,
) -> AppResult<(post::Model, topic::Model, forum::Model, PostSight)> {
    let post = post::Entity::find_by_id(post_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (topic, forum) = topics::readable(db, viewer, post.topic_id).await?;
    match post_sight(viewer, &facts(&post, &topic, &forum)) {
        PostSight::Nothing => Err(AppError::NotFound),
        sight => Ok((post, topic, forum, sight)),
    }
}

/// A post with its topic and forum, if the viewer may know it exists (a
/// hidden post shows others a placeholder, never its text).
async fn placeable(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    post_id: i32,
) -> AppResult<(post::Model, topic::Model, forum::Model)> {
    let (post, topic, forum, _) = find(db, viewer, post_id).await?;
    Ok((post, topic, forum))
}

/// A post with its topic and forum, if the viewer may read its text. Every
/// service that returns a post's text, or acts on it, starts here.
pub async fn readable(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    post_id: i32,
) -> AppResult<(post::Model, topic::Model, forum::Model)> {
    match find(db, viewer, post_id).await? {
        (post, topic, forum, PostSight::Text) => Ok((post, topic, forum)),
        _ => Err(AppError::Forbidden(
            "This post is hidden pending review.".into(),
        )),
    }
}

/// Adds a reply at the end of a topic.
pub async fn reply(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    topic_id: i32,
    body: &str,
) -> AppResult<PostView> {
    let body = &crate::server::text::clean(body);
    let (topic, forum) = topics::readable(db, viewer, topic_id).await?;
    check(
        viewer,
        Action::Reply {
            forum: forums::forum_ref(&forum),
            locked: topic.locked,
        },
        now(),
    )?;
    if let Some(error) = topics::validate_body(body) {
        return Err(AppError::Validation(vec![error]));
    }
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let verdict = filters::evaluate(db, filters::detector(), &forum, &[body]).await?;
    let typed = filters::Typed { title: "", body };
    if verdict.action == Some(FilterAction::Block) {
        filters::record_block(db, viewer, &forum, typed, &verdict).await?;
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
    let row = write(
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
    filters::carry_out(&txn, viewer, &forum, &topic, &row, typed, &verdict).await?;
    txn.commit().await?;

    Ok(PostView {
        author: accounts::summary(db, viewer.id).await?,
        is_op: topic.author_id == viewer.id,
        upvoted: false,
        can_upvote: false,
        can_flag: false,
        can_quote: true,
        id: row.id,
        topic_id: row.topic_id,
        number: row.number,
        body_html: row.body_html,
        upvotes: 0,
        created_at: row.created_at,
        updated_at: None,
        hidden: false,
        version: row.version,
        edited_by: None,
        can_edit: true,
        policy: None,
        own: true,
        contact: (row.review == Some(Review::Pending))
            .then(|| filters::explain(&[&row.body_source]))
            .flatten(),
        review: row.review,
    })
}

/// The Markdown of a post, as a quote to start a reply with.
pub async fn quote(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    post_id: i32,
) -> AppResult<String> {
    let (post, _, _) = readable(db, viewer, post_id).await?;
    let author = accounts::summary(db, post.author_id).await?;
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
    let (post, topic, forum) = readable(db, viewer, post_id).await?;
    if !facts(&post, &topic, &forum).published() {
        return Err(AppError::Forbidden(
            "Only published posts can be upvoted.".into(),
        ));
    }
    check(
        viewer,
        Action::Upvote {
            forum: forums::forum_ref(&forum),
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
    let (post, _, _) = placeable(db, viewer, post_id).await?;
    let per_page = crate::model::POSTS_PER_PAGE as i32;
    Ok((post.topic_id, (post.number - 1) / per_page * per_page))
}

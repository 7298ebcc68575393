//! What a person has read: per topic, the highest post number they have
//! been shown. Unread counts, "new" topics and "jump to first unread" come
//! from it (Discourse's tracking, without its timers: a post counts as read
//! once its page was shown).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, OnConflict, Query},
};

use crate::error::AppResult;
use crate::model::TopicSummary;
use crate::server::entities::{post, topic, topic_read};
use crate::server::permissions::Viewer;

/// A topic started this recently that someone has never opened is "new"
/// to them (Discourse's default for new members is two days; a support
/// community reads less often, so a week).
pub const NEW_FOR_DAYS: i64 = 7;

/// Records that `user` has been shown `topic`'s posts up to `number`. The
/// mark only grows: the row is created once (a conflict does nothing), then
/// raised by an UPDATE guarded on being lower, so two pages read at once,
/// in any order, leave the higher number.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    user_id: i32,
    topic_id: i32,
    number: i32,
    at: DateTime<Utc>,
) -> AppResult<()> {
    topic_read::Entity::insert(topic_read::ActiveModel {
        user_id: Set(user_id),
        topic_id: Set(topic_id),
        last_read_number: Set(number),
        updated_at: Set(at),
    })
    .on_conflict(
        OnConflict::columns([topic_read::Column::UserId, topic_read::Column::TopicId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    topic_read::Entity::update_many()
        .col_expr(topic_read::Column::LastReadNumber, Expr::value(number))
        .col_expr(topic_read::Column::UpdatedAt, Expr::value(at))
        .filter(topic_read::Column::UserId.eq(user_id))
        .filter(topic_read::Column::TopicId.eq(topic_id))
        .filter(topic_read::Column::LastReadNumber.lt(number))
        .exec(db)
        .await?;
    Ok(())
}

/// The highest post number `user` has been shown in `topic`, if they ever
/// opened it.
pub async fn last_read(
    db: &impl ConnectionTrait,
    user_id: i32,
    topic_id: i32,
) -> AppResult<Option<i32>> {
    Ok(topic_read::Entity::find_by_id((user_id, topic_id))
        .one(db)
        .await?
        .map(|r| r.last_read_number))
}

/// Topics with something for `viewer` to read: opened before and with
/// posts after their mark, or never opened, recent and by someone else.
/// (A held reply raises `post_count` too: `annotate` drops what turns out
/// to have nothing visible.)
pub fn unread_condition(viewer: &Viewer, at: DateTime<Utc>) -> Condition {
    let behind = Query::select()
        .column(topic_read::Column::TopicId)
        .from(topic_read::Entity)
        .and_where(topic_read::Column::UserId.eq(viewer.id))
        .and_where(
            Expr::col((topic_read::Entity, topic_read::Column::LastReadNumber))
                .lt(Expr::col((topic::Entity, topic::Column::PostCount))),
        )
        .to_owned();
    let opened = Query::select()
        .column(topic_read::Column::TopicId)
        .from(topic_read::Entity)
        .and_where(topic_read::Column::UserId.eq(viewer.id))
        .to_owned();
    Condition::any()
        .add(topic::Column::Id.in_subquery(behind))
        .add(
            Condition::all()
                .add(topic::Column::CreatedAt.gt(at - Duration::days(NEW_FOR_DAYS)))
                .add(topic::Column::AuthorId.ne(viewer.id))
                .add(topic::Column::Id.not_in_subquery(opened)),
        )
}

/// Fills in each topic's `unread` (published posts by others after the
/// viewer's mark), `last_read` and `new`: two queries for a whole list.
pub async fn annotate(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    topics: &mut [TopicSummary],
    at: DateTime<Utc>,
) -> AppResult<()> {
    let Some(viewer) = viewer else {
        return Ok(());
    };
    if topics.is_empty() {
        return Ok(());
    }
    let marks: HashMap<i32, i32> = topic_read::Entity::find()
        .filter(topic_read::Column::UserId.eq(viewer.id))
        .filter(topic_read::Column::TopicId.is_in(topics.iter().map(|t| t.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.topic_id, r.last_read_number))
        .collect();
    let behind = topics
        .iter()
        .filter_map(|t| Some((t.id, *marks.get(&t.id)?)).filter(|(_, m)| *m < t.post_count));
    let after_mark = behind.fold(Condition::any(), |any, (id, mark)| {
        any.add(
            Condition::all()
                .add(post::Column::TopicId.eq(id))
                .add(post::Column::Number.gt(mark)),
        )
    });
    let counts: HashMap<i32, i64> = if after_mark.is_empty() {
        HashMap::new()
    } else {
        post::Entity::find()
            .select_only()
            .column(post::Column::TopicId)
            .column_as(post::Column::Id.count(), "unread")
            .filter(after_mark)
            .filter(post::Column::Review.is_null())
            .filter(post::Column::AuthorId.ne(viewer.id))
            .group_by(post::Column::TopicId)
            .into_tuple::<(i32, i64)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    let recent = at - Duration::days(NEW_FOR_DAYS);
    for t in topics {
        t.last_read = marks.get(&t.id).copied();
        t.unread = counts
            .get(&t.id)
            .map_or(0, |n| u32::try_from(*n).unwrap_or(u32::MAX));
        t.new = t.last_read.is_none() && t.created_at > recent && t.author.id != viewer.id;
    }
    Ok(())
}

//! Forums and their topic lists.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::OnConflict,
};

use crate::error::{AppError, AppResult, FieldError};
use crate::model::{
    ForumPage, ForumSummary, LatestPage, LatestTopic, Restriction, TOPICS_PER_PAGE,
};
use crate::server::db::now;
use crate::server::entities::{forum, topic};
use crate::server::permissions::{self, Viewer};
use crate::server::services::base::{access, people, pinned, reading};

/// Forums the viewer may read, in the order staff set, with their topic
/// counts as the forums keep them (one row per forum: the home page never
/// counts topics).
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
) -> AppResult<Vec<ForumSummary>> {
    let forums = access::forums(db, viewer).await?;
    Ok(forums
        .iter()
        .map(|f| access::forum_summary(f, u64::try_from(f.topic_count).unwrap_or(0), viewer))
        .collect())
}

/// Recounts every forum's published topics in one statement. Run at
/// start-up and every few minutes (`haven` does): it brings in what the
/// increment does not follow (a held topic approved, a topic rejected) and
/// repairs any drift.
pub async fn refresh_topic_counts(db: &impl ConnectionTrait) -> AppResult<()> {
    db.execute_unprepared(
        "UPDATE forums SET topic_count = (SELECT COUNT(*) FROM topics t \
         WHERE t.forum_id = forums.id AND t.review IS NULL)",
    )
    .await?;
    Ok(())
}

/// Encodes the position after `topic` in a forum's activity order.
fn cursor_of(topic: &topic::Model) -> String {
    format!("{}_{}", topic.last_post_at.timestamp_micros(), topic.id)
}

fn parse_cursor(cursor: &str) -> Option<(DateTime<Utc>, i32)> {
    let (micros, id) = cursor.split_once('_')?;
    Some((
        DateTime::from_timestamp_micros(micros.parse().ok()?)?,
        id.parse().ok()?,
    ))
}

/// The page of `query`'s topics after `cursor`, newest activity first, and
/// the cursor of the page after it (one row more is read to know).
async fn activity_page(
    db: &impl ConnectionTrait,
    mut query: sea_orm::Select<topic::Entity>,
    cursor: Option<&str>,
) -> AppResult<(Vec<topic::Model>, Option<String>)> {
    if let Some(cursor) = cursor.filter(|c| !c.is_empty()) {
        let (at, id) = parse_cursor(cursor)
            .ok_or_else(|| AppError::field("cursor", "Invalid page cursor."))?;
        query = query.filter(
            Condition::any().add(topic::Column::LastPostAt.lt(at)).add(
                topic::Column::LastPostAt
                    .eq(at)
                    .and(topic::Column::Id.lt(id)),
            ),
        );
    }
    let mut topics = query
        .order_by_desc(topic::Column::LastPostAt)
        .order_by_desc(topic::Column::Id)
        .limit(TOPICS_PER_PAGE + 1)
        .all(db)
        .await?;
    let next_cursor = if topics.len() as u64 > TOPICS_PER_PAGE {
        topics.truncate(TOPICS_PER_PAGE as usize);
        topics.last().map(cursor_of)
    } else {
        None
    };
    Ok((topics, next_cursor))
}

/// One page of a forum's topics, newest activity first. `cursor` is the
/// `next_cursor` of the page before (keyset pagination: the query seeks on
/// the index and never counts past skipped rows).
pub async fn page(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    slug: &str,
    cursor: Option<&str>,
) -> AppResult<ForumPage> {
    let forum = access::forum_by_slug(db, viewer, slug).await?;
    let at = now();
    let query = topic::Entity::find()
        .filter(topic::Column::ForumId.eq(forum.id))
        .filter(permissions::listable_topics(viewer, forum.id))
        .filter(pinned::not_pinned(at));
    let first_page = cursor.is_none_or(str::is_empty);
    let (topics, next_cursor) = activity_page(db, query, cursor).await?;
    let authors: Vec<i32> = topics.iter().map(|t| t.author_id).collect();
    let people = people::summaries(db, &authors).await?;
    let topic_count = topic::Entity::find()
        .filter(topic::Column::ForumId.eq(forum.id))
        .filter(topic::Column::Review.is_null())
        .count(db)
        .await?;
    let mut topics: Vec<_> = topics
        .into_iter()
        .filter_map(|t| pinned::list_entry(t, &people, at))
        .collect();
    reading::annotate(db, viewer, &mut topics, at).await?;
    let mut pinned = if first_page {
        pinned::pinned(db, viewer, Some(forum.id)).await?
    } else {
        Vec::new()
    };
    reading::annotate(db, viewer, &mut pinned, at).await?;
    Ok(ForumPage {
        pinned,
        forum: access::forum_summary(&forum, topic_count, viewer),
        topics,
        next_cursor,
    })
}

/// Latest: topics across every forum the viewer may read, newest activity
/// first, pinned ones in their place (the home page shows pins above).
/// Keyset pagination like a forum's list.
pub async fn latest(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    cursor: Option<&str>,
) -> AppResult<LatestPage> {
    across_forums(db, viewer, cursor, None).await
}

/// Unread: the topics of Latest with posts the viewer has not been shown
/// (opened before, with new posts since) or that are new to them (started
/// in the last [`reading::NEW_FOR_DAYS`] days by someone else and never
/// opened), newest activity first. For people logged in.
pub async fn unread(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    cursor: Option<&str>,
) -> AppResult<LatestPage> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let condition = reading::unread_condition(viewer, now());
    let mut page = across_forums(db, Some(viewer), cursor, Some(condition)).await?;
    // A topic whose only later posts are held for review has nothing to read.
    page.topics.retain(|l| l.topic.unread > 0 || l.topic.new);
    Ok(page)
}

/// A page of the topics across the forums the viewer may read, narrowed by
/// `only`, each marked with what the viewer has not read.
async fn across_forums(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    cursor: Option<&str>,
    only: Option<Condition>,
) -> AppResult<LatestPage> {
    let forums = access::forums(db, viewer).await?;
    if forums.is_empty() {
        return Ok(LatestPage {
            topics: Vec::new(),
            next_cursor: None,
        });
    }
    // Per forum, the topics the viewer may see listed there.
    let visible = forums.iter().fold(Condition::any(), |any, f| {
        any.add(
            Condition::all()
                .add(topic::Column::ForumId.eq(f.id))
                .add(permissions::listable_topics(viewer, f.id)),
        )
    });
    let mut query = topic::Entity::find().filter(visible);
    if let Some(only) = only {
        query = query.filter(only);
    }
    let (topics, next_cursor) = activity_page(db, query, cursor).await?;
    let authors: Vec<i32> = topics.iter().map(|t| t.author_id).collect();
    let people = people::summaries(db, &authors).await?;
    let at = now();
    let mut listed = Vec::with_capacity(topics.len());
    let mut summaries = Vec::with_capacity(topics.len());
    for t in topics {
        let Some(forum) = forums.iter().find(|f| f.id == t.forum_id) else {
            continue;
        };
        let Some(summary) = pinned::list_entry(t, &people, at) else {
            continue;
        };
        listed.push((forum.slug.clone(), forum.name.clone()));
        summaries.push(summary);
    }
    reading::annotate(db, viewer, &mut summaries, at).await?;
    let topics = listed
        .into_iter()
        .zip(summaries)
        .map(|((forum_slug, forum_name), topic)| LatestTopic {
            forum_slug,
            forum_name,
            topic,
        })
        .collect();
    Ok(LatestPage {
        topics,
        next_cursor,
    })
}

/// A forum to create.
pub struct NewForum {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub restriction: String,
}

/// Creates a forum, listed after the others. The slug is unique in the
/// database: a taken one is a field error, also when two are made at once.
pub async fn create(db: &impl ConnectionTrait, new: NewForum) -> AppResult<forum::Model> {
    let slug = new.slug.trim().to_lowercase();
    let name = new.name.trim().to_string();
    let mut errors = Vec::new();
    if slug.is_empty()
        || slug.len() > 64
        || !slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        errors.push(FieldError {
            field: "slug".into(),
            message: "Use 1 to 64 lowercase letters, digits and -.".into(),
        });
    }
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(FieldError {
            field: "name".into(),
            message: "Give the forum a name of at most 100 characters.".into(),
        });
    }
    let restriction = Restriction::parse(new.restriction.trim());
    if restriction.is_none() {
        errors.push(FieldError {
            field: "restriction".into(),
            message: "Choose open, staff_write, teens_only or listeners_only.".into(),
        });
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let position = forum::Entity::find().count(db).await? as i32;
    let inserted = forum::Entity::insert(forum::ActiveModel {
        slug: Set(slug.clone()),
        name: Set(name),
        description: Set(new.description.trim().to_string()),
        position: Set(position),
        restriction: Set(restriction.unwrap_or(Restriction::Open)),
        created_at: Set(now()),
        topic_count: Set(0),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(forum::Column::Slug)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    if inserted == 0 {
        return Err(AppError::field("slug", "A forum already has this address."));
    }
    forum::Entity::find()
        .filter(forum::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips() {
        let at = DateTime::from_timestamp_micros(1_700_000_000_123_456).unwrap_or_default();
        let t = topic::Model {
            id: 42,
            forum_id: 1,
            author_id: 1,
            title: String::new(),
            post_count: 1,
            locked: false,
            created_at: at,
            last_post_at: at,
            pin_scope: None,
            pin_position: 0,
            pinned_until: None,
            policy_updated_at: None,
            review: None,
        };
        assert_eq!(parse_cursor(&cursor_of(&t)), Some((at, 42)));
        assert_eq!(parse_cursor("nonsense"), None);
    }
}

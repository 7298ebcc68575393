//! Search over topics and posts, on the embedded index the database keeps
//! (schema step 7): SQLite FTS5, or PostgreSQL full-text search. Both are
//! updated by triggers in the same transaction as the post, so the index
//! can never lag behind what was posted, edited or removed.
//!
//! Every word must match, as a prefix ("breath" finds "breathing"; on
//! PostgreSQL with English stemming too). A word the index has never seen
//! is corrected to the closest indexed word of the same first letter (one
//! edit for words of 4–7 letters, two from 8), and the page says so.
//! Visibility is decided here, in SQL: only forums the viewer may read, and
//! hidden or held posts (and held topics) only for the forum's moderators.
//!
//! With Meilisearch configured (`Engine::meilisearch`), it answers instead
//! (see `meili` and `outbox`), and the embedded index stays the fallback.

pub mod meili;
pub mod outbox;
pub mod vocabulary;

mod embedded;
mod scope;
mod sqlite;
mod text;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, FromQueryResult, Statement, Value};

use crate::error::{AppError, AppResult};
use crate::model::{Marked, SEARCH_PER_PAGE, SearchHit, SearchQuery, SearchResults};
use crate::server::permissions::{self, PUBLISHED_SQL, Viewer};
use meili::Meili;
use vocabulary::{Snapshot, Vocabulary};

use embedded::*;
use scope::*;
use sqlite::*;
pub use text::*;

/// Where searches go: the embedded index, or Meilisearch when configured;
/// and the vocabulary snapshot the embedded index corrects typos with.
/// One engine serves the whole server (clones share everything).
#[derive(Clone, Debug, Default)]
pub struct Engine {
    meili: Option<Arc<Meili>>,
    vocabulary: Arc<Vocabulary>,
}

impl Engine {
    /// The embedded index alone.
    pub fn embedded() -> Self {
        Engine::default()
    }

    /// Meilisearch, with the embedded index as its fallback.
    pub fn meilisearch(meili: Arc<Meili>) -> Self {
        Engine {
            meili: Some(meili),
            ..Engine::default()
        }
    }

    /// Reads what the embedded index needs in memory (SQLite's vocabulary
    /// snapshot), so the first search that has a typo does not wait for it.
    pub async fn prepare(&self, db: &DatabaseConnection) -> AppResult<()> {
        if db.get_database_backend() == DbBackend::Sqlite {
            self.vocabulary.snapshot(db).await?;
        }
        Ok(())
    }
}

/// Searches what the viewer may read, with `engine`. When Meilisearch
/// fails or is slow, the embedded index (always up to date) answers.
pub async fn search(
    db: &DatabaseConnection,
    engine: &Engine,
    viewer: Option<&Viewer>,
    query: &SearchQuery,
) -> AppResult<SearchResults> {
    let scope = scope(db, viewer, query).await?;
    let words = words(&query.q);
    if words.is_empty() && scope.author_id.is_none() {
        return Ok(scope.empty());
    }
    let newest = query.sort.as_deref() == Some("newest") || words.is_empty();
    let page = u64::from(query.page.unwrap_or(0));
    if let Some(meili) = &engine.meili {
        let filter = meili::visibility_filter(&scope.forum_ids, &scope.moderated, scope.author_id);
        let found = meili
            .search(
                &words.join(" "),
                &filter,
                newest,
                (page * SEARCH_PER_PAGE) as usize,
                SEARCH_PER_PAGE as usize,
            )
            .await;
        match found {
            Ok(found) => return from_meilisearch(db, scope, found).await,
            Err(err) => tracing::warn!(
                "Meilisearch search failed, answering from the embedded index: {err}"
            ),
        }
    }
    let exact = query.exact.unwrap_or(false);
    embedded(db, engine, scope, words, newest, page, exact).await
}

/// Meilisearch's page of hits, checked against the database: a post hidden
/// or removed since it was indexed is left out even before the outbox
/// delivers the change.
async fn from_meilisearch(
    db: &impl ConnectionTrait,
    scope: Scope,
    found: meili::MeiliPage,
) -> AppResult<SearchResults> {
    if found.hits.is_empty() {
        return Ok(scope.empty());
    }
    let backend = db.get_database_backend();
    let mut sql = Sql {
        backend,
        values: Vec::new(),
    };
    let ids: Vec<i32> = found.hits.iter().map(|h| h.id).collect();
    let ids_in = sql.list(&ids);
    let condition = scope.condition(&mut sql);
    let statement = format!(
        "SELECT {}, t.title AS title, '' AS snippet \
         FROM posts p JOIN topics t ON t.id = p.topic_id WHERE p.id IN ({ids_in}) AND {condition}",
        row_columns()
    );
    let mut by_id: HashMap<i32, Row> = Row::find_by_statement(Statement::from_sql_and_values(
        backend, statement, sql.values,
    ))
    .all(db)
    .await?
    .into_iter()
    .map(|r| (r.post_id, r))
    .collect();
    let rows = found
        .hits
        .into_iter()
        .filter_map(|hit| {
            let mut row = by_id.remove(&hit.id)?;
            if row.number == 1 && !hit.title.is_empty() {
                row.title = hit.title;
            }
            row.snippet = hit.snippet;
            Some(row)
        })
        .collect();
    scope.results(db, rows, found.more, None).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_letters_and_digits_only() {
        assert_eq!(
            words("Breathing* \"tricks\" OR 4-7-8"),
            ["breathing", "tricks", "or", "4", "7", "8"]
        );
        assert!(words("\"*()").is_empty());
    }

    #[test]
    fn corrections_stay_close() {
        let vocab = vec![
            ("anxiety".to_string(), 40),
            ("anxious".to_string(), 12),
            ("answer".to_string(), 3),
        ];
        assert_eq!(closest("anxeity", &vocab), Some("anxiety"));
        assert_eq!(closest("anxius", &vocab), Some("anxious"));
        assert_eq!(
            closest("ant", &vocab),
            None,
            "short words are not corrected"
        );
        assert_eq!(closest("antelope", &vocab), None);
    }

    #[test]
    fn gaps_cover_every_word_the_snapshot_could_lack() {
        let known: Vec<(String, i64)> = ["breath", "breathing", "breaths"]
            .iter()
            .map(|t| (t.to_string(), 1))
            .collect();
        let gaps = gaps("breath", &known);
        assert_eq!(
            gaps,
            [
                ("breath0".to_string(), "breathing".to_string()),
                ("breathing0".to_string(), "breaths".to_string()),
                ("breaths0".to_string(), "breath\u{10FFFF}".to_string()),
            ]
        );
        let inside = |w: &str| {
            gaps.iter()
                .any(|(from, to)| w >= from.as_str() && w < to.as_str())
        };
        // Every other word starting with "breath" falls in a gap, however it sorts.
        for new in [
            "breathe",
            "breath0",
            "breathings",
            "breathwork",
            "breathé",
            "breaths2",
        ] {
            assert!(inside(new), "{new}");
        }
        // Words it holds, and words that do not start with "breath", do not.
        for other in ["breath", "breathing", "breaths", "bread", "breati", "brf"] {
            assert!(!inside(other), "{other}");
        }
        // With a word the snapshot does not hold, the gap starts at it.
        let gaps_before = super::gaps("breat", &known);
        assert_eq!(gaps_before[0], ("breat".to_string(), "breath".to_string()));
    }

    #[test]
    fn words_are_marked_by_prefix_and_long_text_cropped() {
        let words = vec!["breath".to_string()];
        assert_eq!(
            mark_words("Box Breathing, slowly.", &words, None),
            format!("Box {START}Breathing{END}, slowly.")
        );
        let long = "one two three four five six breathing seven eight nine ten";
        assert_eq!(
            mark_words(long, &words, Some(4)),
            format!("… four five six {START}breathing{END} …")
        );
        assert_eq!(mark_words("calm", &words, Some(4)), "calm");
    }

    #[test]
    fn marks_become_runs() {
        let text = format!("a {START}calm{END} night");
        assert_eq!(
            marked(&text),
            vec![
                Marked {
                    text: "a ".into(),
                    hit: false
                },
                Marked {
                    text: "calm".into(),
                    hit: true
                },
                Marked {
                    text: " night".into(),
                    hit: false
                },
            ]
        );
    }
}

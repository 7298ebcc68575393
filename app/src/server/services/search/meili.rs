//! Meilisearch, used instead of the embedded index when `MEILISEARCH_URL`
//! is set. Haven owns the index: `prepare` creates it and applies its
//! settings at start-up; documents only ever arrive through the outbox
//! (`super::outbox`), never from a request handler, so posting does not
//! wait on Meilisearch and cannot fail because of it.
//!
//! One document per post. Visibility is enforced twice: by a Meilisearch
//! filter on the forums the viewer may read and the `published` flag, and
//! again against the database for the page of hits (so a hide that the
//! outbox has not delivered yet is already hidden).

use std::time::Duration;

use meilisearch_sdk::client::Client;
use meilisearch_sdk::errors::{Error as MeiliError, ErrorCode};
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::search::{MatchingStrategies, Selectors};
use meilisearch_sdk::settings::Settings;
use meilisearch_sdk::task_info::TaskInfo;
use serde::{Deserialize, Serialize};

use super::{END, START};

/// The name of Haven's index unless configured otherwise.
pub const DEFAULT_INDEX: &str = "haven_posts";

/// How long a search may take before Haven answers from the embedded index.
pub const SEARCH_TIMEOUT: Duration = Duration::from_secs(2);

/// How long a write task may take to be processed before the delivery
/// counts as failed (and is retried).
const TASK_TIMEOUT: Duration = Duration::from_secs(30);

/// The longest a whole write (request and task) may take; the SDK's HTTP
/// client has no timeout of its own, and a hung connection must not stall
/// the outbox worker.
const WRITE_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs a Meilisearch call with a time limit.
async fn limited<T>(
    limit: Duration,
    call: impl std::future::Future<Output = Result<T, Failure>>,
) -> Result<T, Failure> {
    tokio::time::timeout(limit, call).await.unwrap_or_else(|_| {
        Err(Failure(format!(
            "Meilisearch did not answer within {limit:?}"
        )))
    })
}

/// Words a snippet keeps around the matches.
const CROP_WORDS: usize = 30;

/// What Meilisearch failed at, in words for the log and the outbox.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Failure(pub String);

impl From<MeiliError> for Failure {
    fn from(err: MeiliError) -> Self {
        Failure(err.to_string())
    }
}

/// One post as Meilisearch stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: i32,
    pub topic_id: i32,
    pub number: i32,
    pub forum_id: i32,
    pub author_id: i32,
    /// The topic's title on its first post; empty on replies (as in the
    /// embedded index, so a title matches once, not once per reply).
    pub title: String,
    pub body: String,
    /// Seconds since the epoch.
    pub created_at: i64,
    /// Not hidden, not held or rejected, and neither is its topic.
    pub published: bool,
}

/// The filter for what a viewer may find: forums they can read; within
/// them, unpublished posts only in forums they moderate.
pub fn visibility_filter(readable: &[i32], moderated: &[i32], author: Option<i32>) -> String {
    let list = |ids: &[i32]| {
        ids.iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut filter = format!("forum_id IN [{}]", list(readable));
    if moderated.is_empty() {
        filter.push_str(" AND published = true");
    } else {
        filter.push_str(&format!(
            " AND (published = true OR forum_id IN [{}])",
            list(moderated)
        ));
    }
    if let Some(author) = author {
        filter.push_str(&format!(" AND author_id = {author}"));
    }
    filter
}

/// Haven's index settings: what is searched (titles rank above bodies),
/// what can be filtered and sorted, and the ranking rules (Meilisearch's
/// defaults, then newer first as the last tie-break).
pub fn settings() -> Settings {
    Settings::new()
        .with_searchable_attributes(["title", "body"])
        .with_filterable_attributes(["forum_id", "author_id", "published"])
        .with_sortable_attributes(["created_at"])
        .with_ranking_rules([
            "words",
            "typo",
            "proximity",
            "attribute",
            "sort",
            "exactness",
            "created_at:desc",
        ])
}

/// One hit: the post and its marked title and snippet.
#[derive(Debug, Clone)]
pub struct MeiliHit {
    pub id: i32,
    pub title: String,
    pub snippet: String,
}

/// A page of hits, and whether there are more.
#[derive(Debug, Clone)]
pub struct MeiliPage {
    pub hits: Vec<MeiliHit>,
    pub more: bool,
}

#[derive(Debug, Deserialize)]
struct Shown {
    id: i32,
}

/// A connection to one Meilisearch index.
#[derive(Clone)]
pub struct Meili {
    client: Client,
    uid: String,
}

impl std::fmt::Debug for Meili {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Meili").field("index", &self.uid).finish()
    }
}

impl Meili {
    /// A client for `url` (no trailing slash needed) with an optional API
    /// key, for the index `uid`.
    pub fn new(url: &str, key: Option<&str>, uid: &str) -> Result<Self, Failure> {
        let client = Client::new(url.trim_end_matches('/'), key)?;
        Ok(Meili {
            client,
            uid: uid.to_string(),
        })
    }

    /// The index's name.
    pub fn uid(&self) -> &str {
        &self.uid
    }

    fn index(&self) -> Index {
        self.client.index(&self.uid)
    }

    /// Waits for a write task; a failed or overdue task is a failure.
    async fn finish(&self, task: TaskInfo) -> Result<(), Failure> {
        let done = task
            .wait_for_completion(&self.client, None, Some(TASK_TIMEOUT))
            .await?;
        if done.is_success() {
            Ok(())
        } else {
            Err(Failure(format!(
                "Meilisearch task {} did not succeed: {done:?}",
                done.get_uid()
            )))
        }
    }

    /// Creates the index when it is missing and applies Haven's settings.
    /// Returns true when the index was created (it is empty: every post
    /// must be queued for it).
    pub async fn prepare(&self) -> Result<bool, Failure> {
        limited(WRITE_TIMEOUT, self.prepare_now()).await
    }

    async fn prepare_now(&self) -> Result<bool, Failure> {
        let created = match self.client.get_index(&self.uid).await {
            Ok(_) => false,
            Err(MeiliError::Meilisearch(err)) if err.error_code == ErrorCode::IndexNotFound => {
                let task = self.client.create_index(&self.uid, Some("id")).await?;
                self.finish(task).await?;
                true
            }
            Err(err) => return Err(err.into()),
        };
        let task = self.index().set_settings(&settings()).await?;
        self.finish(task).await?;
        Ok(created)
    }

    /// Deletes the index with its documents (a missing index is fine).
    pub async fn drop_index(&self) -> Result<(), Failure> {
        let task = self.index().delete().await?;
        task.wait_for_completion(&self.client, None, Some(TASK_TIMEOUT))
            .await?;
        Ok(())
    }

    /// Adds or replaces documents.
    pub async fn put(&self, documents: &[Document]) -> Result<(), Failure> {
        if documents.is_empty() {
            return Ok(());
        }
        limited(WRITE_TIMEOUT, async {
            let task = self.index().add_or_replace(documents, Some("id")).await?;
            self.finish(task).await
        })
        .await
    }

    /// Removes documents (ids the index does not hold are ignored).
    pub async fn remove(&self, ids: &[i32]) -> Result<(), Failure> {
        if ids.is_empty() {
            return Ok(());
        }
        limited(WRITE_TIMEOUT, async {
            let task = self.index().delete_documents(ids).await?;
            self.finish(task).await
        })
        .await
    }

    /// Every document id in the index, a thousand per request.
    pub async fn ids(&self) -> Result<Vec<i32>, Failure> {
        const PAGE: usize = 1000;
        let index = self.index();
        let mut ids = Vec::new();
        loop {
            let page = meilisearch_sdk::documents::DocumentsQuery::new(&index)
                .with_fields(["id"])
                .with_offset(ids.len())
                .with_limit(PAGE)
                .execute::<Shown>()
                .await?;
            let n = page.results.len();
            ids.extend(page.results.into_iter().map(|d| d.id));
            if n < PAGE {
                return Ok(ids);
            }
        }
    }

    /// One page of what `words` finds under `filter`, the matches marked
    /// with the same private-use markers as the embedded index.
    pub async fn search(
        &self,
        words: &str,
        filter: &str,
        newest: bool,
        offset: usize,
        limit: usize,
    ) -> Result<MeiliPage, Failure> {
        limited(
            SEARCH_TIMEOUT,
            self.search_now(words, filter, newest, offset, limit),
        )
        .await
    }

    async fn search_now(
        &self,
        words: &str,
        filter: &str,
        newest: bool,
        offset: usize,
        limit: usize,
    ) -> Result<MeiliPage, Failure> {
        let index = self.index();
        let (start, end) = (START.to_string(), END.to_string());
        let mut query = index.search();
        query
            .with_query(words)
            .with_filter(filter)
            .with_offset(offset)
            .with_limit(limit + 1)
            .with_attributes_to_retrieve(Selectors::Some(&["id", "title", "body"]))
            .with_attributes_to_highlight(Selectors::Some(&["title", "body"]))
            .with_attributes_to_crop(Selectors::Some(&[("body", Some(CROP_WORDS))]))
            .with_crop_marker("…")
            .with_matching_strategy(MatchingStrategies::ALL)
            .with_highlight_pre_tag(&start)
            .with_highlight_post_tag(&end);
        if newest {
            query.with_sort(&["created_at:desc"]);
        }
        let results = query.execute::<Shown>().await?;
        let more = results.hits.len() > limit;
        let hits = results
            .hits
            .into_iter()
            .take(limit)
            .map(|hit| {
                let formatted = hit.formatted_result.unwrap_or_default();
                let text = |key: &str| {
                    formatted
                        .get(key)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_string()
                };
                MeiliHit {
                    id: hit.result.id,
                    title: text("title"),
                    snippet: text("body"),
                }
            })
            .collect();
        Ok(MeiliPage { hits, more })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_names_readable_and_moderated_forums() {
        assert_eq!(
            visibility_filter(&[1, 2], &[], None),
            "forum_id IN [1, 2] AND published = true"
        );
        assert_eq!(
            visibility_filter(&[1, 2], &[2], Some(7)),
            "forum_id IN [1, 2] AND (published = true OR forum_id IN [2]) AND author_id = 7"
        );
    }
}

//! The SQLite index's vocabulary in memory, for typo correction.
//!
//! FTS5 lists its words through the `search_vocab` table, which counts a
//! word's documents by reading its whole doclist: asking it for every word
//! near a typo took ~25 ms at 200 000 posts. So the words and their
//! document counts are read once into a sorted list (a snapshot), and a
//! correction looks there.
//!
//! A snapshot ages: it is read again, in the background, when a correction
//! needs it and it is older than [`REFRESH_AFTER`]; the old one answers
//! meanwhile, and at once when a search finds the live index knows a word
//! the snapshot lacks. Nothing a person sees depends on its age: a word the
//! snapshot lacks is checked against the live index before it is treated
//! as a typo, a typo the snapshot cannot correct is looked up in the live
//! index (the slow way), and a prefix is only spelled out into the
//! snapshot's words after the live index confirms none is missing. At
//! worst, a typo is corrected to an older word when a closer one was posted
//! in the last minute.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, QueryResult, Statement};
use tokio::sync::Mutex;

use crate::error::AppResult;

/// How old a snapshot may be before a correction asks for a fresh one.
pub const REFRESH_AFTER: Duration = Duration::from_secs(60);

/// `(term, doc)` rows of `search_vocab`: words and how many posts hold each.
pub fn terms(rows: &[QueryResult]) -> Vec<(String, i64)> {
    rows.iter()
        .filter_map(|r| {
            Some((
                r.try_get::<String>("", "term").ok()?,
                r.try_get::<i64>("", "doc").ok()?,
            ))
        })
        .collect()
}

/// Every indexed word with the number of posts that hold it, sorted by word.
#[derive(Debug)]
pub struct Snapshot {
    terms: Vec<(String, i64)>,
    taken: Instant,
}

impl Snapshot {
    pub fn new(mut terms: Vec<(String, i64)>) -> Self {
        terms.sort_unstable();
        Snapshot {
            terms,
            taken: Instant::now(),
        }
    }

    /// Reads the whole vocabulary of the SQLite index.
    pub async fn read(db: &impl ConnectionTrait) -> AppResult<Self> {
        let rows = db
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT term, doc FROM search_vocab",
            ))
            .await?;
        Ok(Snapshot::new(terms(&rows)))
    }

    /// The words that start with `prefix`.
    pub fn starting_with(&self, prefix: &str) -> &[(String, i64)] {
        let from = self.terms.partition_point(|(t, _)| t.as_str() < prefix);
        let to = from + self.terms[from..].partition_point(|(t, _)| t.as_str().starts_with(prefix));
        &self.terms[from..to]
    }

    /// Whether some word starts with `word` (as a search matches it).
    pub fn knows(&self, word: &str) -> bool {
        !self.starting_with(word).is_empty()
    }

    /// Words that could be `word` mistyped: the same first letter, and a
    /// length within two of it.
    pub fn near(&self, word: &str) -> Vec<(String, i64)> {
        let Some(first) = word.chars().next() else {
            return Vec::new();
        };
        let length = word.chars().count();
        let mut prefix = [0; 4];
        self.starting_with(first.encode_utf8(&mut prefix))
            .iter()
            .filter(|(t, _)| t.chars().count().abs_diff(length) <= 2)
            .cloned()
            .collect()
    }

    fn fresh(&self) -> bool {
        self.taken.elapsed() < REFRESH_AFTER
    }
}

/// The snapshot a search engine keeps, and its refreshing.
#[derive(Debug, Default)]
pub struct Vocabulary {
    current: RwLock<Option<Arc<Snapshot>>>,
    /// Held while a snapshot is read, so only one read runs at a time.
    reading: Arc<Mutex<()>>,
}

impl Vocabulary {
    /// The snapshot to correct with. The first call reads one (callers
    /// arriving meanwhile wait for that read); an old one is returned as
    /// it is while a fresh one is read in the background.
    pub async fn snapshot(self: &Arc<Self>, db: &DatabaseConnection) -> AppResult<Arc<Snapshot>> {
        if let Some(current) = self.current() {
            if !current.fresh() {
                self.refresh(db);
            }
            return Ok(current);
        }
        let _reading = self.reading.lock().await;
        if let Some(current) = self.current() {
            return Ok(current);
        }
        let snapshot = Arc::new(Snapshot::read(db).await?);
        self.set(snapshot.clone());
        Ok(snapshot)
    }

    fn current(&self) -> Option<Arc<Snapshot>> {
        self.current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    fn set(&self, snapshot: Arc<Snapshot>) {
        *self
            .current
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(snapshot);
    }

    /// Reads the snapshot again in the background (it is old, or a search
    /// found a word it lacks); the current one answers meanwhile.
    pub fn refresh(self: &Arc<Self>, db: &DatabaseConnection) {
        // Already being read: that read will do.
        let Ok(reading) = self.reading.clone().try_lock_owned() else {
            return;
        };
        let vocabulary = self.clone();
        let db = db.clone();
        tokio::spawn(async move {
            let _reading = reading;
            match Snapshot::read(&db).await {
                Ok(snapshot) => vocabulary.set(Arc::new(snapshot)),
                Err(err) => tracing::warn!("reading the search vocabulary failed: {err}"),
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Snapshot {
        Snapshot::new(
            [
                "breathing",
                "breath",
                "anxiety",
                "anxious",
                "ant",
                "b",
                "ánimo",
            ]
            .iter()
            .map(|t| (t.to_string(), 1))
            .collect(),
        )
    }

    #[test]
    fn knows_words_as_prefixes() {
        let s = snapshot();
        assert!(s.knows("breath"));
        assert!(s.knows("breathi"));
        assert!(s.knows("anx"));
        assert!(!s.knows("anxeity"));
        assert!(!s.knows("breathings"));
        assert!(!s.knows("c"));
    }

    #[test]
    fn near_words_share_the_first_letter_and_a_length_within_two() {
        let s = snapshot();
        let near: Vec<String> = s.near("anxeity").into_iter().map(|(t, _)| t).collect();
        assert_eq!(near, ["anxiety", "anxious"]);
        let near: Vec<String> = s.near("ánim").into_iter().map(|(t, _)| t).collect();
        assert_eq!(near, ["ánimo"]);
        assert!(s.near("").is_empty());
    }
}

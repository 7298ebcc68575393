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

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, FromQueryResult, Statement, Value};

use crate::error::{AppError, AppResult};
use crate::model::{Marked, SEARCH_PER_PAGE, SearchHit, SearchQuery, SearchResults};
use crate::server::permissions::{self, PUBLISHED_SQL, Viewer};
use crate::server::services::{accounts, forums};
use meili::Meili;
use vocabulary::{Snapshot, Vocabulary};

/// Marks the start and end of a matched run in what the database returns;
/// private-use characters, which nobody types.
const START: char = '\u{E000}';
const END: char = '\u{E001}';

/// The most words a query uses.
const MAX_WORDS: usize = 8;

/// Lowercased words of a query (letters and digits only, so nothing in
/// them is query syntax).
pub fn words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .take(MAX_WORDS)
        .collect()
}

/// How many edits a word of this length may be away from its correction.
fn allowed_edits(word: &str) -> usize {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The closest candidate within the allowed edits; ties go to the one in
/// more documents, then the alphabetically first.
pub fn closest<'a>(word: &str, candidates: &'a [(String, i64)]) -> Option<&'a str> {
    let allowed = allowed_edits(word);
    if allowed == 0 {
        return None;
    }
    candidates
        .iter()
        .filter(|(c, _)| c != word)
        .map(|(c, docs)| (strsim::damerau_levenshtein(word, c), -docs, c))
        .filter(|(distance, _, _)| *distance <= allowed)
        .min()
        .map(|(_, _, c)| c.as_str())
}

/// Words a snippet shows around its first match.
const SNIPPET_WORDS: usize = 24;

/// Marks every word of `text` that starts with one of `words` (lowercase),
/// as the index matches them; with `crop`, keeps about that many words from
/// a little before the first match, with " … " where text was cut.
pub fn mark_words(text: &str, words: &[String], crop: Option<usize>) -> String {
    // (start, end, matched) byte ranges of the words.
    let mut spans: Vec<(usize, usize, bool)> = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let lower = text[s..i].to_lowercase();
                let hit = words.iter().any(|w| lower.starts_with(w.as_str()));
                spans.push((s, i, hit));
                start = None;
            }
            _ => {}
        }
    }
    let (from, to) = match crop {
        Some(n) if spans.len() > n => {
            let first = spans.iter().position(|s| s.2).unwrap_or(0);
            let begin = first.saturating_sub(3).min(spans.len() - n);
            (begin, begin + n)
        }
        _ => (0, spans.len()),
    };
    let text_from = if from == 0 { 0 } else { spans[from].0 };
    let text_to = if to == spans.len() {
        text.len()
    } else {
        spans[to - 1].1
    };
    let mut out = String::new();
    if text_from > 0 {
        out.push_str("… ");
    }
    let mut at = text_from;
    for &(s, e, hit) in &spans[from..to] {
        out.push_str(&text[at..s]);
        if hit {
            out.push(START);
            out.push_str(&text[s..e]);
            out.push(END);
        } else {
            out.push_str(&text[s..e]);
        }
        at = e;
    }
    out.push_str(&text[at..text_to]);
    if text_to < text.len() {
        out.push_str(" …");
    }
    out
}

/// Splits text with start/end markers into marked runs.
pub fn marked(text: &str) -> Vec<Marked> {
    let mut runs: Vec<Marked> = Vec::new();
    let mut current = String::new();
    let mut hit = false;
    for c in text.chars() {
        if c == START || c == END {
            if !current.is_empty() {
                runs.push(Marked {
                    text: std::mem::take(&mut current),
                    hit,
                });
            }
            hit = c == START;
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        runs.push(Marked { text: current, hit });
    }
    runs
}

#[derive(Debug, FromQueryResult)]
struct Row {
    post_id: i32,
    topic_id: i32,
    number: i32,
    author_id: i32,
    forum_id: i32,
    created_at: DateTime<Utc>,
    unpublished: bool,
    title: String,
    snippet: String,
}

/// Values and SQL placeholders for one backend.
struct Sql {
    backend: DbBackend,
    values: Vec<Value>,
}

impl Sql {
    fn bind(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        match self.backend {
            DbBackend::Postgres => format!("${}", self.values.len()),
            _ => "?".to_string(),
        }
    }

    fn list(&mut self, ids: &[i32]) -> String {
        if ids.is_empty() {
            return "NULL".into();
        }
        ids.iter()
            .map(|id| self.bind(*id))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Whether any indexed word starts with `word`, asked of the live index.
/// On SQLite that is a prefix match, cheap for the words it is asked about
/// (ones the vocabulary snapshot does not know, so new or rare).
async fn known(db: &impl ConnectionTrait, word: &str) -> AppResult<bool> {
    let backend = db.get_database_backend();
    let statement = match backend {
        DbBackend::Postgres => Statement::from_sql_and_values(
            backend,
            "SELECT word FROM search_words WHERE word >= $1 AND word < $2 LIMIT 1",
            [word.into(), format!("{word}\u{10FFFF}").into()],
        ),
        _ => Statement::from_sql_and_values(
            backend,
            "SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT 1",
            [format!("\"{word}\"*").into()],
        ),
    };
    Ok(db.query_one_raw(statement).await?.is_some())
}

/// The live index's words with the same first letter as `word` and a
/// length within two of it, with how many posts hold each (PostgreSQL
/// keeps no counts: 0). On SQLite this reads fts5vocab, which counts by
/// reading every such word's list (~25 ms at 200 000 posts), so it is only
/// asked when the vocabulary snapshot has no correction to offer.
async fn live_candidates(db: &impl ConnectionTrait, word: &str) -> AppResult<Vec<(String, i64)>> {
    let Some(first) = word.chars().next() else {
        return Ok(Vec::new());
    };
    let backend = db.get_database_backend();
    let length = word.chars().count() as i64;
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT word AS term, 0::bigint AS doc FROM search_words \
             WHERE word >= $1 AND word < $2 AND length(word) BETWEEN $3 AND $4"
        }
        _ => {
            "SELECT term, doc FROM search_vocab \
             WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?"
        }
    };
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [
                first.to_string().into(),
                format!("{first}\u{10FFFF}").into(),
                (length - 2).into(),
                (length + 2).into(),
            ],
        ))
        .await?;
    Ok(vocabulary::terms(&rows))
}

/// The query's words, each unknown one replaced by its closest indexed word
/// when there is one. Returns the words and whether any changed. On SQLite
/// the vocabulary snapshot (see `vocabulary`) answers first; when it has no
/// correction, the word meant may be newer than the snapshot, so the live
/// index is asked, and if it knows one the snapshot is read again.
async fn corrected(
    db: &DatabaseConnection,
    engine: &Engine,
    words: &[String],
) -> AppResult<(Vec<String>, bool)> {
    let snapshot: Option<Arc<Snapshot>> = match db.get_database_backend() {
        DbBackend::Sqlite => Some(engine.vocabulary.snapshot(db).await?),
        _ => None,
    };
    let mut out = Vec::with_capacity(words.len());
    let mut changed = false;
    for word in words {
        let known_already = snapshot.as_ref().is_some_and(|s| s.knows(word));
        if allowed_edits(word) > 0 && !known_already && !known(db, word).await? {
            let better = match snapshot
                .as_ref()
                .and_then(|s| closest(word, &s.near(word)).map(str::to_string))
            {
                Some(better) => Some(better),
                None => {
                    let options = live_candidates(db, word).await?;
                    let live = closest(word, &options).map(str::to_string);
                    if live.is_some() && snapshot.is_some() {
                        engine.vocabulary.refresh(db);
                    }
                    live
                }
            };
            if let Some(better) = better {
                out.push(better);
                changed = true;
                continue;
            }
        }
        out.push(word.clone());
    }
    Ok((out, changed))
}

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

/// Who is searching where: the forums to search, those among them the
/// viewer moderates, and the author filter.
#[derive(Clone)]
struct Scope {
    forum_list: Vec<(String, String)>,
    forum_by_id: HashMap<i32, (String, String)>,
    forum_ids: Vec<i32>,
    moderated: Vec<i32>,
    author_id: Option<i32>,
}

async fn scope(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    query: &SearchQuery,
) -> AppResult<Scope> {
    let readable = forums::readable(db, viewer).await?;
    let forum_list: Vec<(String, String)> = readable
        .iter()
        .map(|f| (f.slug.clone(), f.name.clone()))
        .collect();
    let mut forum_ids: Vec<i32> = readable.iter().map(|f| f.id).collect();
    if let Some(slug) = query.forum.as_deref().filter(|s| !s.is_empty()) {
        let forum = readable
            .iter()
            .find(|f| f.slug == slug)
            .ok_or(AppError::NotFound)?;
        forum_ids = vec![forum.id];
    }
    let moderated: Vec<i32> = forum_ids
        .iter()
        .copied()
        .filter(|id| viewer.is_some_and(|v| v.moderates(*id)))
        .collect();
    let author_id = match query.author.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(name) => {
            let key = name.trim_start_matches('@').to_lowercase();
            let found = accounts::find_by_names(db, &[key]).await?;
            Some(
                found
                    .first()
                    .map(|u| u.id)
                    .ok_or_else(|| AppError::field("author", "There is nobody by that name."))?,
            )
        }
    };
    Ok(Scope {
        forum_list,
        forum_by_id: readable
            .into_iter()
            .map(|f| (f.id, (f.slug, f.name)))
            .collect(),
        forum_ids,
        moderated,
        author_id,
    })
}

impl Scope {
    /// The SQL condition for what the scope may find of `p` (posts) and `t`
    /// (topics): [`permissions::searchable`], narrowed to the scope.
    fn condition(&self, sql: &mut Sql) -> String {
        let readable_in = sql.list(&self.forum_ids);
        let moderated_in = sql.list(&self.moderated);
        let mut condition = permissions::searchable_sql(&readable_in, &moderated_in);
        if let Some(author) = self.author_id {
            let a = sql.bind(author);
            condition.push_str(&format!(" AND p.author_id = {a}"));
        }
        condition
    }

    fn empty(self) -> SearchResults {
        SearchResults {
            hits: Vec::new(),
            corrected: None,
            more: false,
            forums: self.forum_list,
        }
    }

    /// Results from rows, with their authors.
    async fn results(
        self,
        db: &impl ConnectionTrait,
        rows: Vec<Row>,
        more: bool,
        corrected: Option<String>,
    ) -> AppResult<SearchResults> {
        let people =
            accounts::summaries(db, &rows.iter().map(|r| r.author_id).collect::<Vec<_>>()).await?;
        let hits = rows
            .into_iter()
            .filter_map(|r| {
                let (slug, name) = self.forum_by_id.get(&r.forum_id)?.clone();
                Some(SearchHit {
                    post_id: r.post_id,
                    topic_id: r.topic_id,
                    number: r.number,
                    title: marked(&r.title),
                    snippet: marked(&r.snippet),
                    forum_name: name,
                    forum_slug: slug,
                    author: people.get(&r.author_id)?.clone(),
                    created_at: r.created_at,
                    unpublished: r.unpublished,
                })
            })
            .collect();
        Ok(SearchResults {
            hits,
            corrected,
            more,
            forums: self.forum_list,
        })
    }
}

/// The columns every search reads of a post (`p`) and its topic (`t`).
fn row_columns() -> String {
    format!(
        "p.id AS post_id, p.topic_id, p.number, p.author_id, t.forum_id, p.created_at, \
         NOT {PUBLISHED_SQL} AS unpublished"
    )
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
    embedded(db, engine, scope, words, newest, page).await
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

/// The most indexed words one query word is spelled out into; a word that
/// starts more than this many stays a prefix query.
const MAX_SPELLED_OUT: usize = 8;

/// The ranges of words (`from` inclusive, `to` exclusive) in which a word
/// starting with `word` would lie if the index had one that `known` (the
/// snapshot's words starting with `word`, sorted) lacks: before the first,
/// between two neighbours, after the last. The smallest word after `w` is
/// `w` followed by "0", the lowest character a word can hold (ASCII digits
/// and letters come after it, every other letter is encoded above ASCII).
fn gaps(word: &str, known: &[(String, i64)]) -> Vec<(String, String)> {
    let mut gaps = Vec::with_capacity(known.len() + 1);
    let mut from = word.to_string();
    for (term, _) in known {
        if *term > from {
            gaps.push((from, term.clone()));
        }
        from = format!("{term}0");
    }
    gaps.push((from, format!("{word}\u{10FFFF}")));
    gaps
}

/// Whether the live index has a word in any of `gaps`. The fts5vocab table
/// seeks to a range's start and stops at its end without reading a list of
/// posts unless it finds a word there.
async fn any_word_in(db: &impl ConnectionTrait, gaps: Vec<(String, String)>) -> AppResult<bool> {
    let mut values: Vec<Value> = Vec::with_capacity(gaps.len() * 2);
    let conditions: Vec<&str> = gaps
        .into_iter()
        .map(|(from, to)| {
            values.push(from.into());
            values.push(to.into());
            "EXISTS (SELECT 1 FROM search_vocab WHERE term >= ? AND term < ?)"
        })
        .collect();
    let statement = format!("SELECT {} AS found", conditions.join(" OR "));
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            statement,
            values,
        ))
        .await?;
    Ok(row
        .and_then(|r| r.try_get::<bool>("", "found").ok())
        .unwrap_or(true))
}

/// The FTS5 query for `words`: every word must match, as a prefix.
///
/// FTS5 answers a prefix query (`"calm"*`) by merging the post lists of
/// every word it covers into a new list, in full, before the first row:
/// milliseconds per common word at 200 000 posts, paid again by every
/// statement. Named words (`("calm" OR "calming")`) are read lazily, as far
/// as the page needs. So each query word becomes the indexed words it
/// starts, taken from the vocabulary snapshot, after the live index has
/// confirmed that no word between them appeared since the snapshot was
/// read (a post or edit of the last minute); if one did, or the snapshot
/// knows none or too many, the word stays a prefix query. Either way the
/// result is the same posts.
async fn match_expression(
    db: &DatabaseConnection,
    engine: &Engine,
    words: &[String],
) -> AppResult<String> {
    let snapshot = engine.vocabulary.snapshot(db).await?;
    let mut parts = Vec::with_capacity(words.len());
    for word in words {
        let known = snapshot.starting_with(word);
        let spelled_out = !known.is_empty()
            && known.len() <= MAX_SPELLED_OUT
            && !any_word_in(db, gaps(word, known)).await?;
        parts.push(if spelled_out {
            let named: Vec<String> = known.iter().map(|(t, _)| format!("\"{t}\"")).collect();
            format!("({})", named.join(" OR "))
        } else {
            format!("\"{word}\"*")
        });
    }
    Ok(parts.join(" AND "))
}

/// With most relevant first, SQLite ranks only the newest this many
/// matches (fifty pages): BM25 costs time for every post it scores, and a
/// very common word matches a good part of a large forum. At 200 000 posts
/// a window of 5000 made the p95 30 ms, 2000 16 ms, 1000 12 ms (before
/// memory-mapped reads; see the README). Rarer words have fewer matches than this and are
/// ranked in full; newest first has no such limit.
const RANKED_WINDOW: i64 = 1000;

/// Searches SQLite's FTS5 index in two steps: first the page's post ids
/// (visibility checked, nothing else computed), then titles and snippets
/// for those ids only. Post ids grow with time, so newest first is the
/// index's own order and stops after one page.
async fn sqlite_fts(
    db: &DatabaseConnection,
    engine: &Engine,
    scope: Scope,
    words: &[String],
    newest: bool,
    page: u64,
    corrected: Option<String>,
) -> AppResult<SearchResults> {
    let backend = DbBackend::Sqlite;
    let fts_query = match_expression(db, engine, words).await?;
    let mut sql = Sql {
        backend,
        values: Vec::new(),
    };
    let matches = sql.bind(fts_query.clone());
    let mut window = String::new();
    if !newest {
        let cutoff = db
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                "SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ? \
                 ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                [fts_query.clone().into(), (RANKED_WINDOW - 1).into()],
            ))
            .await?
            .and_then(|r| r.try_get::<i64>("", "id").ok());
        if let Some(cutoff) = cutoff {
            window = format!(" AND search_fts.rowid >= {}", sql.bind(cutoff));
        }
    }
    let condition = scope.condition(&mut sql);
    let order = if newest {
        "search_fts.rowid DESC"
    } else {
        "bm25(search_fts, 8.0, 1.0), search_fts.rowid DESC"
    };
    let limit = sql.bind((SEARCH_PER_PAGE + 1) as i64);
    let offset = sql.bind((page * SEARCH_PER_PAGE) as i64);
    // CROSS JOIN keeps the full-text match as the outer loop: otherwise
    // SQLite may walk every post and probe the index once per post.
    let statement = format!(
        "SELECT p.id AS id FROM search_fts CROSS JOIN posts p ON p.id = search_fts.rowid \
         JOIN topics t ON t.id = p.topic_id \
         WHERE search_fts MATCH {matches}{window} AND {condition} \
         ORDER BY {order} LIMIT {limit} OFFSET {offset}"
    );
    let mut ids: Vec<i32> = db
        .query_all_raw(Statement::from_sql_and_values(
            backend, statement, sql.values,
        ))
        .await?
        .iter()
        .filter_map(|r| r.try_get::<i32>("", "id").ok())
        .collect();
    let more = ids.len() as u64 > SEARCH_PER_PAGE;
    ids.truncate(SEARCH_PER_PAGE as usize);
    if ids.is_empty() {
        return scope.results(db, Vec::new(), false, corrected).await;
    }

    // Titles and snippets are marked here rather than by FTS5's snippet():
    // for a prefix query FTS5 rebuilds the whole merged doclist for every
    // row it is asked about, which cost ~3 ms per hit at 200 000 posts.
    let mut sql = Sql {
        backend,
        values: Vec::new(),
    };
    let ids_in = sql.list(&ids);
    let statement = format!(
        "SELECT {}, t.title AS title, p.body_source AS snippet \
         FROM posts p JOIN topics t ON t.id = p.topic_id WHERE p.id IN ({ids_in})",
        row_columns()
    );
    let mut by_id: HashMap<i32, Row> = Row::find_by_statement(Statement::from_sql_and_values(
        backend, statement, sql.values,
    ))
    .all(db)
    .await?
    .into_iter()
    .map(|mut r| {
        if r.number == 1 {
            r.title = mark_words(&r.title, words, None);
        }
        r.snippet = mark_words(&r.snippet, words, Some(SNIPPET_WORDS));
        (r.post_id, r)
    })
    .collect();
    let rows = ids.iter().filter_map(|id| by_id.remove(id)).collect();
    scope.results(db, rows, more, corrected).await
}

/// Searches the embedded index. Only a search that finds nothing looks for
/// typos: every word must match, so one unknown word already means no
/// hits, and a search that finds something never pays for the lookup.
async fn embedded(
    db: &DatabaseConnection,
    engine: &Engine,
    scope: Scope,
    words: Vec<String>,
    newest: bool,
    page: u64,
) -> AppResult<SearchResults> {
    let found = embedded_words(db, engine, scope.clone(), &words, newest, page, None).await?;
    if !found.hits.is_empty() || page > 0 {
        return Ok(found);
    }
    let (fixed, changed) = corrected(db, engine, &words).await?;
    if !changed {
        return Ok(found);
    }
    let label = fixed.join(" ");
    let corrected = embedded_words(db, engine, scope, &fixed, newest, page, Some(label)).await?;
    // The vocabulary holds every indexed word, those of posts this person
    // may not read too: a correction that finds nothing they may read is
    // not offered, or "Showing results for …" would reveal such a word.
    if corrected.hits.is_empty() {
        Ok(found)
    } else {
        Ok(corrected)
    }
}

/// Searches the embedded index for exactly these words.
async fn embedded_words(
    db: &DatabaseConnection,
    engine: &Engine,
    scope: Scope,
    words: &[String],
    newest: bool,
    page: u64,
    corrected: Option<String>,
) -> AppResult<SearchResults> {
    let backend = db.get_database_backend();
    if backend == DbBackend::Sqlite && !words.is_empty() {
        return sqlite_fts(db, engine, scope, words, newest, page, corrected).await;
    }
    let mut sql = Sql {
        backend,
        values: Vec::new(),
    };
    // SQLite numbers `?` in the order they appear, so values are bound in
    // the order of the statement: select list, then the match, then filters.
    // Here: any search without words, or PostgreSQL's full-text search.
    let (select, from, matches, rank) = match words.is_empty() {
        true => (
            "t.title AS title, substr(p.body_source, 1, 240) AS snippet".to_string(),
            "posts p".to_string(),
            "1 = 1".to_string(),
            String::new(),
        ),
        false => {
            let terms: Vec<String> = words.iter().map(|w| format!("{w}:*")).collect();
            let q = sql.bind(terms.join(" & "));
            let options = sql.bind(format!(
                "StartSel={START}, StopSel={END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \""
            ));
            let title_options = sql.bind(format!(
                "StartSel={START}, StopSel={END}, HighlightAll=true"
            ));
            (
                format!(
                    "ts_headline('english', t.title, query, {title_options}) AS title, \
                     ts_headline('english', p.body_source, query, {options}) AS snippet"
                ),
                format!("posts p CROSS JOIN to_tsquery('english', {q}) AS query"),
                "p.search_tsv @@ query".to_string(),
                "ts_rank(p.search_tsv, query) DESC,".to_string(),
            )
        }
    };
    let condition = scope.condition(&mut sql);
    let order = if newest {
        "p.created_at DESC, p.id DESC".to_string()
    } else {
        format!("{rank} p.created_at DESC")
    };
    let limit = sql.bind((SEARCH_PER_PAGE + 1) as i64);
    let offset = sql.bind((page * SEARCH_PER_PAGE) as i64);
    let statement = format!(
        "SELECT {}, {select} \
         FROM {from} JOIN topics t ON t.id = p.topic_id \
         WHERE {matches} AND {condition} ORDER BY {order} LIMIT {limit} OFFSET {offset}",
        row_columns()
    );
    let mut rows = Row::find_by_statement(Statement::from_sql_and_values(
        backend, statement, sql.values,
    ))
    .all(db)
    .await?;
    let more = rows.len() as u64 > SEARCH_PER_PAGE;
    rows.truncate(SEARCH_PER_PAGE as usize);
    scope.results(db, rows, more, corrected).await
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

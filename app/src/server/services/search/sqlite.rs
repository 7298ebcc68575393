//! The SQLite FTS5 query: prefixes spelled out, the ranked window.

use super::*;

/// The most indexed words one query word is spelled out into; a word that
/// starts more than this many stays a prefix query.
pub(super) const MAX_SPELLED_OUT: usize = 8;

/// The ranges of words (`from` inclusive, `to` exclusive) in which a word
/// starting with `word` would lie if the index had one that `known` (the
/// snapshot's words starting with `word`, sorted) lacks: before the first,
/// between two neighbours, after the last. The smallest word after `w` is
/// `w` followed by "0", the lowest character a word can hold (ASCII digits
/// and letters come after it, every other letter is encoded above ASCII).
pub(super) fn gaps(word: &str, known: &[(String, i64)]) -> Vec<(String, String)> {
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
pub(super) async fn any_word_in(
    db: &impl ConnectionTrait,
    gaps: Vec<(String, String)>,
) -> AppResult<bool> {
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
pub(super) async fn match_expression(
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
pub(super) const RANKED_WINDOW: i64 = 1000;

/// Searches SQLite's FTS5 index in two steps: first the page's post ids
/// (visibility checked, nothing else computed), then titles and snippets
/// for those ids only. Post ids grow with time, so newest first is the
/// index's own order and stops after one page.
pub(super) async fn sqlite_fts(
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

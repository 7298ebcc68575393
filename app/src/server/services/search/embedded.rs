//! The embedded index (SQLite or PostgreSQL): typo correction from the
//! index's own words, and running the query on either database.

use super::*;

#[derive(Debug, FromQueryResult)]
pub(super) struct Row {
    pub(super) post_id: i32,
    pub(super) topic_id: i32,
    pub(super) number: i32,
    pub(super) author_id: i32,
    pub(super) forum_id: i32,
    pub(super) created_at: DateTime<Utc>,
    pub(super) unpublished: bool,
    pub(super) title: String,
    pub(super) snippet: String,
}

/// Values and SQL placeholders for one backend.
pub(super) struct Sql {
    pub(super) backend: DbBackend,
    pub(super) values: Vec<Value>,
}

impl Sql {
    pub(super) fn bind(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        match self.backend {
            DbBackend::Postgres => format!("${}", self.values.len()),
            _ => "?".to_string(),
        }
    }

    pub(super) fn list(&mut self, ids: &[i32]) -> String {
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
pub(super) async fn known(db: &impl ConnectionTrait, word: &str) -> AppResult<bool> {
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
pub(super) async fn live_candidates(
    db: &impl ConnectionTrait,
    word: &str,
) -> AppResult<Vec<(String, i64)>> {
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
pub(super) async fn corrected(
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

/// The columns every search reads of a post (`p`) and its topic (`t`).
pub(super) fn row_columns() -> String {
    format!(
        "p.id AS post_id, p.topic_id, p.number, p.author_id, t.forum_id, p.created_at, \
         NOT {PUBLISHED_SQL} AS unpublished"
    )
}

/// Searches the embedded index. Only a search that finds nothing, and was
/// not asked for `exact` words, looks for typos: every word must match, so one unknown word already means no
/// hits, and a search that finds something never pays for the lookup.
pub(super) async fn embedded(
    db: &DatabaseConnection,
    engine: &Engine,
    scope: Scope,
    words: Vec<String>,
    newest: bool,
    page: u64,
    exact: bool,
) -> AppResult<SearchResults> {
    let found = embedded_words(db, engine, scope.clone(), &words, newest, page, None).await?;
    if !found.hits.is_empty() || page > 0 || exact {
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
pub(super) async fn embedded_words(
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

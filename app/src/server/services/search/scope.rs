//! Who may find what: the forums and the hidden or held posts a viewer's
//! search may return, as SQL.

use super::*;
use crate::server::services::base::{access, people};

/// Who is searching where: the forums to search, those among them the
/// viewer moderates, and the author filter.
#[derive(Clone)]
pub(super) struct Scope {
    pub(super) forum_list: Vec<(String, String)>,
    pub(super) forum_by_id: HashMap<i32, (String, String)>,
    pub(super) forum_ids: Vec<i32>,
    pub(super) moderated: Vec<i32>,
    pub(super) author_id: Option<i32>,
}

pub(super) async fn scope(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    query: &SearchQuery,
) -> AppResult<Scope> {
    let readable = access::forums(db, viewer).await?;
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
            let found = people::find_by_names(db, &[key]).await?;
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
    pub(super) fn condition(&self, sql: &mut Sql) -> String {
        let readable_in = sql.list(&self.forum_ids);
        let moderated_in = sql.list(&self.moderated);
        let mut condition = permissions::searchable_sql(&readable_in, &moderated_in);
        if let Some(author) = self.author_id {
            let a = sql.bind(author);
            condition.push_str(&format!(" AND p.author_id = {a}"));
        }
        condition
    }

    pub(super) fn empty(self) -> SearchResults {
        SearchResults {
            hits: Vec::new(),
            corrected: None,
            more: false,
            forums: self.forum_list,
        }
    }

    /// Results from rows, with their authors.
    pub(super) async fn results(
        self,
        db: &impl ConnectionTrait,
        rows: Vec<Row>,
        more: bool,
        corrected: Option<String>,
    ) -> AppResult<SearchResults> {
        let people =
            people::summaries(db, &rows.iter().map(|r| r.author_id).collect::<Vec<_>>()).await?;
        let hits = rows
            .into_iter()
            .filter_map(|r| {
                let (slug, name) = self.forum_by_id.get(&r.forum_id)?.clone();
                Some(SearchHit {
                    post_id: r.post_id,
                    topic_id: r.topic_id,
                    number: r.number,
                    title: marked(&r.title),
                    snippet: marked(&plain_snippet(&r.snippet)),
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

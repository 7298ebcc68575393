//! Search: a plain GET form (it works without JavaScript and every result
//! page has its own address), results with the matching words marked.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{Loaded, UserName, When};
use crate::error::AppError;
use crate::model::{Marked, SearchQuery, SearchResults};

#[server(prefix = "/fn", endpoint = "search")]
pub async fn search_posts(query: SearchQuery) -> Result<SearchResults, AppError> {
    use crate::server::{request_viewer, services::search};
    let (state, viewer) = request_viewer().await?;
    search::search(&state.db, &state.search, viewer.as_ref(), &query).await
}

/// Marked runs as text, the matches in `<mark>` (never as HTML).
fn runs(parts: Vec<Marked>) -> impl IntoView {
    parts
        .into_iter()
        .map(|part| {
            if part.hit {
                view! { <mark>{part.text}</mark> }.into_any()
            } else {
                part.text.into_any()
            }
        })
        .collect_view()
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let current = move || {
        let q = query.read();
        let text = |key: &str| q.get(key).filter(|v| !v.is_empty());
        SearchQuery {
            q: q.get("q").unwrap_or_default(),
            forum: text("forum"),
            author: text("author"),
            sort: text("sort"),
            page: q.get("page").and_then(|p| p.parse().ok()),
            exact: q.get("exact").map(|e| e == "1"),
        }
    };
    let results = Resource::new(current, search_posts);
    let link = move |page: u32| {
        let c = current();
        let mut url = format!("/search?q={}", urlencode(&c.q));
        for (key, value) in [("forum", c.forum), ("author", c.author), ("sort", c.sort)] {
            if let Some(value) = value {
                url.push_str(&format!("&{key}={}", urlencode(&value)));
            }
        }
        format!("{url}&page={page}")
    };
    view! {
        <Title text="Search"/>
        <h1>"Search"</h1>
        <Loaded resource=results render=move |results| {
            let c = current();
            let forum = c.forum.clone().unwrap_or_default();
            let newest = c.sort.as_deref() == Some("newest");
            let page = c.page.unwrap_or(0);
            view! {
                <form method="get" action="/search" class="search-form card" role="search">
                    <label for="search-q">"Words"</label>
                    <input id="search-q" name="q" type="search" value=c.q.clone()/>
                    <label for="search-forum">"Forum"</label>
                    <select id="search-forum" name="forum">
                        <option value="" selected=forum.is_empty()>"All forums"</option>
                        {results.forums.iter().map(|(slug, name)| view! {
                            <option value=slug.clone() selected=forum == *slug>{name.clone()}</option>
                        }).collect_view()}
                    </select>
                    <label for="search-author">"By (name, optional)"</label>
                    <input id="search-author" name="author" value=c.author.clone().unwrap_or_default()/>
                    <label for="search-sort">"Order"</label>
                    <select id="search-sort" name="sort">
                        <option value="" selected=!newest>"Most relevant first"</option>
                        <option value="newest" selected=newest>"Newest first"</option>
                    </select>
                    <button type="submit">"Search"</button>
                </form>
                {results.corrected.clone().map(|words| view! {
                    <p class="notice" role="status">"Showing results for " <strong>{words}</strong>". "
                        <a href=format!("/search?q={}&exact=1", urlencode(&c.q)) data-testid="search-instead">
                            "Search instead for " <em>{c.q.clone()}</em>
                        </a>
                    </p>
                })}
                {if results.hits.is_empty() {
                    let searched = !c.q.trim().is_empty() || c.author.is_some();
                    searched.then(|| view! { <p class="empty">"Nothing found. Try fewer or different words."</p> }).into_any()
                } else {
                    view! {
                        <ol class="search-results">
                            {results.hits.into_iter().map(|hit| view! {
                                <li class="search-hit card" data-testid="search-hit">
                                    <h2>
                                        <a href=format!("/p/{}", hit.post_id) rel="external">{runs(hit.title)}</a>
                                        {(hit.number > 1).then(|| view! { <span class="reply-no">{format!(" · reply {}", hit.number - 1)}</span> })}
                                    </h2>
                                    <p class="meta">
                                        <a href=format!("/f/{}", hit.forum_slug)>{hit.forum_name}</a>
                                        " · " <UserName user=hit.author/> " · " <When at=hit.created_at/>
                                        {hit.unpublished.then(|| view! { <span class="held-tag">"not published"</span> })}
                                    </p>
                                    <p class="snippet">{runs(hit.snippet)}</p>
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }}
                <nav class="pager" aria-label="Pages">
                    {(page > 0).then(|| view! { <a rel="prev" href=link(page - 1)>"Previous results"</a> })}
                    {results.more.then(|| view! { <a rel="next" href=link(page + 1)>"More results"</a> })}
                </nav>
            }.into_any()
        }/>
    }
}

/// Percent-encodes a query value.
fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

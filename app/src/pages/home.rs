//! The home page: topics pinned everywhere, Latest (topics across the
//! forums the viewer may read, newest activity first), and the forum list;
//! `/latest` pages through Latest.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Loaded, TopicRow, plural};
use crate::error::AppError;
use crate::model::{ForumSummary, LatestPage, TopicSummary};
use leptos_router::hooks::use_query_map;

/// The forums the viewer may read.
#[server(prefix = "/fn", endpoint = "forums")]
pub async fn list_forums() -> Result<Vec<ForumSummary>, AppError> {
    use crate::server::{request_viewer, services::forums};
    let (state, viewer) = request_viewer().await?;
    forums::list(&state.db, viewer.as_ref()).await
}

/// Topics pinned everywhere, minus those the viewer hid.
#[server(prefix = "/fn", endpoint = "global_pins")]
pub async fn global_pins() -> Result<Vec<TopicSummary>, AppError> {
    use crate::server::{request_viewer, services::base::pinned};
    let (state, viewer) = request_viewer().await?;
    pinned::pinned(&state.db, viewer.as_ref(), None).await
}

/// A page of Latest; `cursor` is the previous page's `next_cursor`.
#[server(prefix = "/fn", endpoint = "latest")]
pub async fn latest_topics(cursor: Option<String>) -> Result<LatestPage, AppError> {
    use crate::server::{request_viewer, services::forums};
    let (state, viewer) = request_viewer().await?;
    forums::latest(&state.db, viewer.as_ref(), cursor.as_deref()).await
}

/// A page of Unread: topics with posts the viewer has not read, or new to them.
#[server(prefix = "/fn", endpoint = "unread")]
pub async fn unread_topics(cursor: Option<String>) -> Result<LatestPage, AppError> {
    use crate::server::{request_viewer, services::forums};
    let (state, viewer) = request_viewer().await?;
    forums::unread(&state.db, viewer.as_ref(), cursor.as_deref()).await
}

/// Topic rows of a Latest page, each with its forum; `more` is the path
/// the next page is at.
fn topic_rows(page: LatestPage, more: &'static str, empty: &'static str) -> impl IntoView {
    let nothing = page.topics.is_empty() && page.next_cursor.is_none();
    view! {
        {nothing.then(|| view! { <p class="empty" data-testid="nothing-unread">{empty}</p> })}
        <ul class="topic-list latest-list" data-testid="latest">
            {page.topics.into_iter().map(|l| view! {
                <TopicRow topic=l.topic forum=(l.forum_slug, l.forum_name)/>
            }).collect_view()}
        </ul>
        {page.next_cursor.map(|c| view! {
            <p class="pager"><a rel="next" href=format!("{more}?cursor={c}")>"More topics"</a></p>
        })}
    }
}

fn latest_rows(page: LatestPage) -> impl IntoView {
    topic_rows(page, "/latest", "No topics yet.")
}

fn unread_rows(page: LatestPage) -> impl IntoView {
    topic_rows(
        page,
        "/unread",
        "You are all caught up: nothing new since your last visit.",
    )
}

/// Latest / Unread, as links between the two lists.
#[component]
fn ListTabs(current: &'static str) -> impl IntoView {
    let tab = move |href: &'static str, label: &'static str| {
        let here = href == current;
        view! {
            <a href=href class="tab" class:current=here aria-current=here.then_some("page")>{label}</a>
        }
    };
    view! {
        <nav class="list-tabs" aria-label="Topic lists">
            {tab("/latest", "Latest")}
            {tab("/unread", "Unread")}
            <a href="/#forums" class="tab">"Forums"</a>
        </nav>
    }
}

/// `/unread?cursor=`: topics with something the viewer has not read.
#[component]
pub fn UnreadPageView() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(move || query.read().get("cursor"), unread_topics);
    view! {
        <Title text="Unread"/>
        <h1>"Unread and new"</h1>
        <ListTabs current="/unread"/>
        <Loaded resource=page render=unread_rows/>
    }
}

/// `/latest?cursor=`: the pages of Latest after the home page's first.
#[component]
pub fn LatestPageView() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(move || query.read().get("cursor"), latest_topics);
    view! {
        <Title text="Latest"/>
        <h1>"Latest"</h1>
        <ListTabs current="/latest"/>
        <Loaded resource=page render=latest_rows/>
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let forums = Resource::new(|| (), |_| list_forums());
    let pinned = Resource::new(|| (), |_| global_pins());
    let latest = Resource::new(|| (), |_| latest_topics(None));
    view! {
        <Title text=""/>
        <Loaded resource=pinned render=move |pinned| {
            (!pinned.is_empty()).then(|| view! {
                <section class="global-pins">
                    <h2>"Pinned"</h2>
                    <ul class="topic-list pinned-list">
                        {pinned.into_iter().map(|topic| view! { <TopicRow topic/> }).collect_view()}
                    </ul>
                </section>
            })
        }/>
        <section class="latest" aria-labelledby="latest-title">
            <h1 id="latest-title">"Latest"</h1>
            <ListTabs current="/"/>
            <Loaded resource=latest render=latest_rows/>
        </section>
        <h2 class="forums-title" id="forums">"Forums"</h2>
        <Loaded resource=forums render=move |forums| view! {
                    <ul class="forum-list">
                        {forums.into_iter().map(|f| view! {
                            <li class="forum-row">
                                <a class="forum-name" href=format!("/f/{}", f.slug)>{f.name.clone()}</a>
                                {f.restriction.label().map(|l| view! { <span class="restriction">{l}</span> })}
                                <p class="description">{f.description.clone()}</p>
                                <span class="count">{plural(f.topic_count, "topic")}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }/>
    }
}

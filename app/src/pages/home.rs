//! The home page: topics pinned everywhere, and the forum list.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Loaded, TopicRow, plural};
use crate::error::AppError;
use crate::model::{ForumSummary, TopicSummary};

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

#[component]
pub fn HomePage() -> impl IntoView {
    let forums = Resource::new(|| (), |_| list_forums());
    let pinned = Resource::new(|| (), |_| global_pins());
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
        <h1>"Forums"</h1>
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

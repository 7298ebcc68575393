//! The forum list.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Loaded, plural};
use crate::error::AppError;
use crate::model::ForumSummary;

/// The forums the viewer may read.
#[server(prefix = "/fn", endpoint = "forums")]
pub async fn list_forums() -> Result<Vec<ForumSummary>, AppError> {
    use crate::server::{request_viewer, services::forums};
    let (state, viewer) = request_viewer().await?;
    forums::list(&state.db, viewer.as_ref()).await
}

#[component]
pub fn HomePage() -> impl IntoView {
    let forums = Resource::new(|| (), |_| list_forums());
    view! {
        <Title text=""/>
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

//! A forum's topic list, and starting a new topic.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{FieldMessage, Loaded, TopicRow, field_error, form_error, successes};
use crate::error::AppError;
use crate::model::{ForumPage as ForumPageData, ForumSummary, MAX_TITLE_CHARS};
use crate::pages::composer::{DraftKeeper, MentionSuggestions};
use crate::pages::help::{FirstPostTip, first_post_resource};
use crate::pages::topic::{DraftCheck, Preview};

#[server(prefix = "/fn", endpoint = "forum_page")]
pub async fn forum_page(slug: String, cursor: Option<String>) -> Result<ForumPageData, AppError> {
    use crate::server::{request_viewer, services::forums};
    let (state, viewer) = request_viewer().await?;
    forums::page(&state.db, viewer.as_ref(), &slug, cursor.as_deref()).await
}

#[server(prefix = "/fn", endpoint = "forum")]
pub async fn get_forum(slug: String) -> Result<ForumSummary, AppError> {
    use crate::server::{request_viewer, services::base::access};
    let (state, viewer) = request_viewer().await?;
    let forum = access::forum_by_slug(&state.db, viewer.as_ref(), &slug).await?;
    Ok(access::forum_summary(&forum, 0, viewer.as_ref()))
}

#[server(prefix = "/fn", endpoint = "create_topic")]
pub async fn create_topic(forum: String, title: String, body: String) -> Result<i32, AppError> {
    use crate::server::{request_viewer, services::topics};
    let (state, viewer) = request_viewer().await?;
    let id = topics::create(&state.db, viewer.as_ref(), &forum, &title, &body).await?;
    leptos_axum::redirect(&format!("/t/{id}"));
    Ok(id)
}

#[component]
pub fn ForumPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || {
            (
                params.read().get("slug").unwrap_or_default(),
                query.read().get("cursor"),
            )
        },
        |(slug, cursor)| forum_page(slug, cursor),
    );
    view! {
        <Loaded resource=page render=move |page| {
                    let slug = page.forum.slug.clone();
                    view! {
                        <Title text=page.forum.name.clone()/>
                        <div class="forum-head">
                            <h1>{page.forum.name.clone()}</h1>
                            {page.forum.can_post.then(|| view! {
                                <a class="button" href=format!("/f/{slug}/new")>"New topic"</a>
                            })}
                        </div>
                        <p class="description">{page.forum.description.clone()}</p>
                        {(!page.pinned.is_empty()).then(|| view! {
                            <ul class="topic-list pinned-list" aria-label="Pinned topics">
                                {page.pinned.into_iter().map(|topic| view! { <TopicRow topic/> }).collect_view()}
                            </ul>
                        })}
                        <ul class="topic-list">
                            {page.topics.into_iter().map(|topic| view! { <TopicRow topic/> }).collect_view()}
                        </ul>
                        <nav class="pager" aria-label="Pages">
                            {query.read().get("cursor").map(|_| view! {
                                <a href=format!("/f/{}", page.forum.slug)>"Latest topics"</a>
                            })}
                            {page.next_cursor.map(|c| view! {
                                <a rel="next" href=format!("/f/{}?cursor={c}", page.forum.slug)>"Older topics"</a>
                            })}
                        </nav>
                    }.into_any()
                }/>
    }
}

#[component]
pub fn NewTopicPage() -> impl IntoView {
    let params = use_params_map();
    let forum = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        get_forum,
    );
    let action = ServerAction::<CreateTopic>::new();
    let value = Signal::derive(move || action.value().get());
    // What is typed: for the preview, the draft and mention suggestions.
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let posted = successes(action);
    let first = first_post_resource();
    view! {
        <Title text="New topic"/>
        <Loaded resource=forum render=move |forum| view! {
                    <section class="card">
                        <h1>"New topic in " {forum.name.clone()}</h1>
                        <ActionForm action=action>
                            <input type="hidden" name="forum" value=forum.slug.clone()/>
                            <p class="form-error" role="alert" data-testid="form-error">{form_error(value)}</p>
                            <label for="title">"Title"</label>
                            <input id="title" name="title" maxlength=MAX_TITLE_CHARS.to_string()
                                prop:value=move || title.get()
                                on:input:target=move |ev| title.set(ev.target().value())/>
                            <FieldMessage message=Signal::derive(field_error(value, "title")) id="title-error"/>
                            <label for="body">"Your post"</label>
                            <FirstPostTip first/>
                            <textarea id="body" name="body" rows="12"
                                prop:value=move || body.get()
                                on:input:target=move |ev| body.set(ev.target().value())></textarea>
                            <MentionSuggestions forum=forum.slug.clone() textarea_id="body" body/>
                            <FieldMessage message=Signal::derive(field_error(value, "body")) id="body-error"/>
                            <DraftKeeper key=format!("forum:{}", forum.slug) title body posted/>
                            <DraftCheck forum=forum.slug.clone() body/>
                            <Preview body/>
                            <button type="submit" disabled=move || action.pending().get()>"Post topic"</button>
                        </ActionForm>
                    </section>
                }.into_any()/>
    }
}

//! A topic: its posts in order, upvotes, quoting and replying.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{
    Avatar, ContactNote, FieldMessage, Loaded, ReportFields, UserName, When, at_risk_help,
    field_error, form_error, rcdata, successes,
};
use crate::error::AppError;
use crate::model::Review;
use crate::model::{FlagReason, PostView, TopicPage as TopicPageData, UpvoteState};
use crate::pages::composer::{DraftKeeper, MentionSuggestions};
use crate::pages::guidelines::{PinActions, PinControls, PolicyBanner};
use crate::pages::help::{FirstPostTip, first_post_resource};

#[server(prefix = "/fn", endpoint = "topic_page")]
pub async fn topic_page(id: i32, after: Option<i32>) -> Result<TopicPageData, AppError> {
    use crate::server::{request_viewer, services::topics};
    let (state, viewer) = request_viewer().await?;
    topics::page(&state.db, viewer.as_ref(), id, after).await
}

#[server(prefix = "/fn", endpoint = "reply")]
pub async fn reply(topic_id: i32, body: String) -> Result<PostView, AppError> {
    use crate::server::{request_viewer, services::posts};
    let (state, viewer) = request_viewer().await?;
    posts::reply(&state.db, viewer.as_ref(), topic_id, &body).await
}

#[server(prefix = "/fn", endpoint = "toggle_upvote")]
pub async fn toggle_upvote(post_id: i32) -> Result<UpvoteState, AppError> {
    use crate::server::{request_viewer, services::posts};
    let (state, viewer) = request_viewer().await?;
    posts::toggle_upvote(&state.db, viewer.as_ref(), post_id).await
}

/// Reports a post to the forum's mentors and the global leaders.
#[server(prefix = "/fn", endpoint = "flag")]
pub async fn flag_post(post_id: i32, reason: Option<String>, note: String) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::moderation};
    let reason = reason
        .as_deref()
        .and_then(FlagReason::parse)
        .ok_or_else(|| AppError::field("reason", "Choose why you are reporting this post."))?;
    let (state, viewer) = request_viewer().await?;
    moderation::flag(
        &state.db,
        &state.moderation,
        viewer.as_ref(),
        post_id,
        reason,
        &note,
    )
    .await?;
    Ok(())
}

/// A post's text as a Markdown quote, to start a reply with.
#[server(prefix = "/fn", endpoint = "quote")]
pub async fn quote_post(post_id: i32) -> Result<String, AppError> {
    use crate::server::{request_viewer, services::posts};
    let (state, viewer) = request_viewer().await?;
    posts::quote(&state.db, viewer.as_ref(), post_id).await
}

/// Locks (`lock` = "true") or unlocks a topic.
#[server(prefix = "/fn", endpoint = "lock_topic")]
pub async fn lock_topic(topic_id: i32, lock: String, note: String) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::moderation};
    let (state, viewer) = request_viewer().await?;
    moderation::set_topic_locked(&state.db, viewer.as_ref(), topic_id, lock == "true", &note).await
}

/// Hides (`hide` = "true") or restores a topic.
#[server(prefix = "/fn", endpoint = "hide_topic")]
pub async fn hide_topic(topic_id: i32, hide: String, note: String) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::moderation};
    let (state, viewer) = request_viewer().await?;
    moderation::set_topic_hidden(&state.db, viewer.as_ref(), topic_id, hide == "true", &note).await
}

/// Moves a topic to another forum the viewer moderates.
#[server(prefix = "/fn", endpoint = "move_topic")]
pub async fn move_topic(topic_id: i32, forum: String, note: String) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::moderation};
    let (state, viewer) = request_viewer().await?;
    moderation::move_topic(&state.db, viewer.as_ref(), topic_id, &forum, &note).await
}

/// Lock/Unlock, Hide/Restore and Move, for the topic's moderators.
#[component]
fn TopicModeration(
    topic_id: i32,
    locked: bool,
    hidden: bool,
    move_to: Vec<(String, String)>,
    lock: ServerAction<LockTopic>,
    hide: ServerAction<HideTopic>,
    moving: ServerAction<MoveTopic>,
) -> impl IntoView {
    let lock_value = Signal::derive(move || lock.value().get());
    let hide_value = Signal::derive(move || hide.value().get());
    let move_value = Signal::derive(move || moving.value().get());
    view! {
        <details class="topic-moderation" data-testid="topic-moderation">
            <summary>"Moderate this topic"</summary>
            <ActionForm action=lock>
                <input type="hidden" name="topic_id" value=topic_id/>
                <input type="hidden" name="lock" value=if locked { "false" } else { "true" }/>
                <label for="lock-note">"Reason (goes on the record)"</label>
                <input id="lock-note" name="note"/>
                <p class="form-error" role="alert">{form_error(lock_value)}</p>
                <button type="submit" class="secondary">{if locked { "Unlock topic" } else { "Lock topic" }}</button>
            </ActionForm>
            <ActionForm action=hide>
                <input type="hidden" name="topic_id" value=topic_id/>
                <input type="hidden" name="hide" value=if hidden { "false" } else { "true" }/>
                <label for="hide-note">{if hidden { "Reason (goes on the record)" } else { "Why it is hidden (its author is told)" }}</label>
                <input id="hide-note" name="note"/>
                <FieldMessage message=Signal::derive(field_error(hide_value, "note")) id="hide-note-error"/>
                <p class="form-error" role="alert">{form_error(hide_value)}</p>
                <button type="submit" class="secondary">{if hidden { "Restore topic" } else { "Hide topic" }}</button>
            </ActionForm>
            {(!move_to.is_empty()).then(|| view! {
                <ActionForm action=moving>
                    <input type="hidden" name="topic_id" value=topic_id/>
                    <label for="move-forum">"Move to"</label>
                    <select id="move-forum" name="forum" required>
                        <option value="" selected disabled>"Choose a forum…"</option>
                        {move_to.into_iter().map(|(slug, name)| view! { <option value=slug>{name}</option> }).collect_view()}
                    </select>
                    <FieldMessage message=Signal::derive(field_error(move_value, "forum")) id="move-forum-error"/>
                    <label for="move-note">"Why it moves (goes on the record)"</label>
                    <input id="move-note" name="note"/>
                    <FieldMessage message=Signal::derive(field_error(move_value, "note")) id="move-note-error"/>
                    <p class="form-error" role="alert">{form_error(move_value)}</p>
                    <button type="submit" class="secondary">"Move topic"</button>
                </ActionForm>
            })}
        </details>
    }
}

#[component]
pub fn TopicPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let reply_action = ServerAction::<Reply>::new();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let after = move || {
        query
            .read()
            .get("after")
            .and_then(|s| s.parse::<i32>().ok())
    };
    let pin_actions = PinActions::new();
    let lock = ServerAction::<LockTopic>::new();
    let hide = ServerAction::<HideTopic>::new();
    let moving = ServerAction::<MoveTopic>::new();
    // A refused reply keeps the form, and its text, as it is.
    let replies_posted = successes(reply_action);
    let locked = successes(lock);
    let hidden = successes(hide);
    let moved = successes(moving);
    let page = Resource::new(
        move || {
            (
                id(),
                after(),
                replies_posted.get(),
                pin_actions.version(),
                locked.get(),
                hidden.get(),
                moved.get(),
            )
        },
        |(id, after, ..)| topic_page(id, after),
    );
    view! {
        <Loaded resource=page render=move |page| view! { <TopicView page reply_action pin_actions lock hide moving/> }.into_any()/>
    }
}

#[component]
fn TopicView(
    page: TopicPageData,
    reply_action: ServerAction<Reply>,
    pin_actions: PinActions,
    lock: ServerAction<LockTopic>,
    hide: ServerAction<HideTopic>,
    moving: ServerAction<MoveTopic>,
) -> impl IntoView {
    let topic_id = page.id;
    let last_page = page.next_after.is_none();
    let logged_in = page.logged_in;
    let staff_link = page.can_see_acknowledgements;
    view! {
        <Title text=page.title.clone()/>
        <p class="crumbs"><a href=format!("/f/{}", page.forum.slug)>{page.forum.name.clone()}</a></p>
        <h1 class="topic-title">{page.title.clone()}</h1>
        <PinControls topic_id pin=page.pin.clone() can_pin=page.can_pin can_pin_globally=page.can_pin_globally
            can_dismiss=page.can_dismiss_pin actions=pin_actions/>
        {page.can_moderate.then(|| view! {
            <TopicModeration topic_id locked=page.locked hidden=page.hidden move_to=page.move_to.clone() lock hide moving/>
        })}
        {page.hidden.then(|| view! {
            <p class="notice" data-testid="topic-hidden-note">"Hidden by a moderator: only its author and the moderators can see this topic."</p>
        })}
        {page.locked.then(|| view! { <p class="notice" data-testid="locked-note">"This topic is locked."</p> })}
        <ol class="posts">
            {page.posts.into_iter().map(|post| {
                let first_unread = page.first_unread == Some(post.number);
                view! { <PostCard post logged_in staff_link first_unread/> }
            }).collect_view()}
        </ol>
        <nav class="pager" aria-label="Pages">
            {page.prev_after.map(|a| view! { <a rel="prev" href=format!("/t/{topic_id}?after={a}")>"Earlier posts"</a> })}
            {page.next_after.map(|a| view! { <a rel="next" href=format!("/t/{topic_id}?after={a}")>"Later posts"</a> })}
        </nav>
        {if page.can_reply {
            view! { <ReplyForm topic_id forum_slug=page.forum.slug.clone() action=reply_action last_page/> }.into_any()
        } else if page.locked {
            ().into_any()
        } else {
            view! {
                <p class="notice">
                    <a href=format!("/login?next=/t/{topic_id}")>"Log in"</a>
                    " or " <a href="/register">"join Haven"</a> " to reply."
                </p>
            }.into_any()
        }}
    }
}

/// Why a post is hidden, as the reader may be told: "Hidden by a
/// moderator" with the reason in general terms for its author, or pending
/// review while only reports hide it.
fn hidden_note(post: &PostView) -> String {
    match (&post.hidden_reason, post.hidden_by_moderator) {
        (Some(reason), _) => format!("Hidden by a moderator: {reason}."),
        (None, true) => "Hidden by a moderator.".into(),
        (None, false) => "Hidden pending review by a moderator.".into(),
    }
}

#[component]
fn PostCard(
    post: PostView,
    logged_in: bool,
    staff_link: bool,
    first_unread: bool,
) -> impl IntoView {
    let anchor = format!("post-{}", post.id);
    let quote_href = format!("?quote={}#reply", post.id);
    let unpublished = post.review.is_some();
    let number = post.number;
    let by_blocked = post.by_blocked;
    let content = view! {
            <header class="post-head">
                <Avatar name=post.author.username.clone()/>
                <UserName user=post.author.clone()/>
                {(logged_in && !post.own).then(|| view! { <AuthorMenu name=post.author.username.clone()/> })}
                {post.is_op.then(|| view! { <span class="op" title="Original poster">"OP"</span> })}
                <span class="when"><When at=post.created_at/></span>
            </header>
            {post.hidden.then(|| view! {
                <p class="hidden-note" role="note" data-testid="hidden-note">{hidden_note(&post)}</p>
            })}
            {post.review.map(review_note)}
            {post.contact.clone().map(|explanation| view! {
                <ContactNote explanation for_author=post.own/>
            })}
            {post.policy.clone().map(|notice| view! {
                <PolicyBanner post_id=post.id notice logged_in staff_link/>
            })}
            // Sanitised by ammonia when the post was written.
            <div class="post-body" inner_html=post.body_html.clone()></div>
            {post.edited_by.clone().zip(post.updated_at).map(|(editor, at)| view! {
                <p class="edited">
                    <a href=format!("/posts/{}/history", post.id)>
                        "updated by " <span class="editor">{editor.username.clone()}</span> " on "
                        <time datetime=at.to_rfc3339()>{at.format("%Y-%m-%d %H:%M UTC").to_string()}</time>
                    </a>
                </p>
            })}
            <footer class="post-actions">
                <UpvoteButton post_id=post.id count=post.upvotes upvoted=post.upvoted enabled=post.can_upvote/>
                {post.can_flag.then(|| view! { <FlagControl post_id=post.id/> })}
                {post.can_quote.then(|| view! { <a class="quote" href=quote_href>"Quote"</a> })}
                {post.can_edit.then(|| view! { <a class="edit" href=format!("/posts/{}/edit", post.id)>"Edit"</a> })}
            </footer>
    };
    // A blocked person's post is folded away, one tap from being read.
    let content = if by_blocked {
        view! {
            <details class="blocked-post" data-testid="blocked-post">
                <summary>"Post by a person you blocked — show"</summary>
                {content}
            </details>
        }
        .into_any()
    } else {
        content.into_any()
    };
    view! {
        <li class="post" class:unpublished=unpublished id=anchor data-number=number>
            {first_unread.then(|| view! {
                <p class="new-divider" id="first-unread" data-testid="first-unread">"New since your last visit"</p>
            })}
            {content}
        </li>
    }
}

/// Beside a post's author, for signed-in readers: their profile, and a
/// private message to them (as on a Discourse user card). Whether the
/// message may be sent is decided when it is (the teen rule, blocks, their
/// choice of who may write).
#[component]
fn AuthorMenu(name: String) -> impl IntoView {
    view! {
        <details class="author-menu">
            <summary aria-label=format!("More about {name}") title=format!("More about {name}")>"⋯"</summary>
            <ul class="menu">
                <li><a href=format!("/u/{name}")>"Profile"</a></li>
                <li><a href=format!("/messages/new?to={name}") data-testid="message-author">"Message"</a></li>
            </ul>
        </details>
    }
}

/// What the author (and moderators) read on a post that is not published.
fn review_note(state: Review) -> impl IntoView + use<> {
    let text = if state == Review::Rejected {
        "Not published: a moderator decided not to publish this post. Only you and moderators can see it."
    } else {
        "Pending approval: a moderator will review this post before anyone else can see it."
    };
    view! { <p class="review-note" role="note" data-testid="review-note">{text}</p> }
}

/// The upvote toggle. With JavaScript it updates in place; without, it is a
/// plain form and the page reloads with the new count.
#[component]
fn UpvoteButton(post_id: i32, count: i32, upvoted: bool, enabled: bool) -> impl IntoView {
    let action = ServerAction::<ToggleUpvote>::new();
    let state = move || match action.value().get() {
        Some(Ok(s)) => (s.count, s.upvoted),
        _ => (count, upvoted),
    };
    // The count is part of the name: a screen reader hears how many.
    let label = move || {
        let (count, on) = state();
        let action = if on { "Remove upvote" } else { "Upvote" };
        match count {
            1 => format!("{action}, 1 upvote"),
            n => format!("{action}, {n} upvotes"),
        }
    };
    view! {
        <ActionForm action=action attr:class="upvote-form">
            <input type="hidden" name="post_id" value=post_id/>
            <button type="submit" class="upvote" class:on=move || state().1 disabled=!enabled
                aria-pressed=move || state().1.to_string() aria-label=label title=label>
                "▲ " <span class="upvote-count" data-testid="upvote-count">{move || state().0}</span>
            </button>
            <span class="form-error" role="alert">{form_error(Signal::derive(move || action.value().get()))}</span>
        </ActionForm>
    }
}

#[component]
fn ReplyForm(
    topic_id: i32,
    forum_slug: String,
    action: ServerAction<Reply>,
    last_page: bool,
) -> impl IntoView {
    let query = use_query_map();
    let quote = Resource::new(
        move || {
            query
                .read()
                .get("quote")
                .and_then(|q| q.parse::<i32>().ok())
        },
        |id| async move {
            match id {
                Some(id) => quote_post(id).await.unwrap_or_default(),
                None => String::new(),
            }
        },
    );
    let value = Signal::derive(move || action.value().get());
    let posted = successes(action);
    let first = first_post_resource();
    view! {
        <section class="card reply" id="reply">
            <h2>"Reply"</h2>
            <Suspense fallback=|| ()>
                {move || {
                    let forum_slug = forum_slug.clone();
                    quote.get().map(|initial| {
                    let body = RwSignal::new(initial.clone());
                    // A successful reply empties the box; a refused one keeps the text.
                    Effect::new(move || {
                        if matches!(value.get(), Some(Ok(_))) {
                            body.set(String::new());
                        }
                    });
                    view! {
                        <ActionForm action=action>
                            <input type="hidden" name="topic_id" value=topic_id/>
                            <p class="form-error" role="alert">{form_error(value)}</p>
                            <FirstPostTip first/>
                            <label for="reply-body" class="visually-hidden">"Your reply"</label>
                            <textarea id="reply-body" name="body" rows="6"
                                prop:value=move || body.get()
                                on:input:target=move |ev| body.set(ev.target().value())>
                                {rcdata(&initial)}
                            </textarea>
                            <MentionSuggestions forum=forum_slug.clone() textarea_id="reply-body" body/>
                            <FieldMessage message=Signal::derive(field_error(value, "body")) id="body-error"/>
                            <DraftKeeper key=format!("topic:{topic_id}") body posted/>
                            <DraftCheck forum=forum_slug.clone() body/>
                            <Preview body/>
                            <button type="submit" disabled=move || action.pending().get()>"Post reply"</button>
                        </ActionForm>
                    }
                })}}
            </Suspense>
            {move || match value.get() {
                Some(Ok(post)) if post.review.is_some() => Some(view! {
                    <p class="notice" role="status">"Your reply is waiting for a moderator's approval. Only you can see it until then. "
                        <a href=format!("/p/{}", post.id) rel="external">"See it"</a></p>
                }.into_any()),
                Some(Ok(post)) if !last_page => Some(view! {
                    <p class="notice">"Your reply was posted. "
                        <a href=format!("/p/{}", post.id) rel="external">"See it"</a></p>
                }.into_any()),
                _ => None,
            }}
        </section>
    }
}

/// The rendered HTML a body would have once posted (sanitised on the
/// server by the renderer that stores posts).
#[server(prefix = "/fn", endpoint = "preview")]
pub async fn preview_post(body: String) -> Result<String, AppError> {
    use crate::server::{request_viewer, services::posts};
    let (state, viewer) = request_viewer().await?;
    posts::preview(&state.db, viewer.as_ref(), &body).await
}

/// A "Preview" button under a composer and, once pressed, the body as it
/// will look when posted. Pressing it again refreshes it.
#[component]
pub fn Preview(body: RwSignal<String>) -> impl IntoView {
    let preview = Action::new(move |text: &String| {
        let text = text.clone();
        async move { preview_post(text).await }
    });
    view! {
        <div class="composer-tools">
            <button type="button" class="secondary" on:click=move |_| { preview.dispatch(body.get_untracked()); }>
                "Preview"
            </button>
            <details class="format-help">
                <summary>"Formatting help"</summary>
                <ul>
                    <li><code>"**bold**"</code> " · " <code>"*italic*"</code> " · " <code>"> quote"</code></li>
                    <li><code>"- item"</code> " for a list, " <code>"1. item"</code> " for a numbered one"</li>
                    <li><code>"[words](https://…)"</code> " for a link · " <code>"@name"</code> " to mention someone"</li>
                </ul>
            </details>
        </div>
        {move || preview.value().get().map(|result| match result {
            Ok(html) => view! {
                <section class="preview card" aria-label="Preview" data-testid="preview">
                    <div class="post-body" inner_html=html></div>
                </section>
            }.into_any(),
            Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
        })}
    }
}

/// The filters' verdict on a draft for a forum (see `posts::check_draft`).
#[server(prefix = "/fn", endpoint = "check_draft")]
pub async fn check_draft(
    forum: String,
    body: String,
) -> Result<Option<crate::model::DraftVerdict>, AppError> {
    use crate::server::{request_viewer, services::posts};
    let (state, viewer) = request_viewer().await?;
    posts::check_draft(&state.db, viewer.as_ref(), &forum, &body).await
}

/// When typing pauses, asks the server what the filters would do with the
/// text, and explains it under the composer before anything is posted.
#[component]
pub fn DraftCheck(forum: String, body: RwSignal<String>) -> impl IntoView {
    let check = Action::new(move |(forum, text): &(String, String)| {
        let (forum, text) = (forum.clone(), text.clone());
        async move { check_draft(forum, text).await }
    });
    let pending = StoredValue::new(None::<leptos::leptos_dom::helpers::TimeoutHandle>);
    // Effects run only in the browser.
    Effect::new(move || {
        let text = body.get();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        if text.trim().is_empty() {
            return;
        }
        let forum = forum.clone();
        let handle = leptos::leptos_dom::helpers::set_timeout_with_handle(
            move || {
                check.dispatch((forum, text));
            },
            std::time::Duration::from_millis(800),
        )
        .ok();
        pending.set_value(handle);
        // A composer that goes away (posted, or left) checks nothing more.
        on_cleanup(move || {
            if let Some(Some(handle)) = pending.try_get_value() {
                handle.clear();
            }
        });
    });
    view! {
        <div aria-live="polite" data-testid="draft-check">
            {move || match check.value().get() {
                Some(Ok(Some(verdict))) => Some(view! {
                    <div class="draft-check" class:refused=verdict.refused>
                        <p>
                            {if verdict.refused { "This can't be posted as it is. " } else { "" }}
                            {verdict.message.clone()} " "
                            <a href="/help/contact-details">"Why"</a>
                        </p>
                        {verdict.explanation.clone().map(|e| view! {
                            <p class="contact-text">
                                {e.parts.into_iter().map(|(text, hit)| if hit {
                                    view! { <mark data-testid="draft-span">{text}</mark> }.into_any()
                                } else {
                                    view! { <span>{text}</span> }.into_any()
                                }).collect_view()}
                            </p>
                        })}
                    </div>
                }),
                _ => None,
            }}
        </div>
    }
}

/// The Flag button beside the upvote: a disclosure with the reasons, which
/// works as a plain form without JavaScript too.
#[component]
fn FlagControl(post_id: i32) -> impl IntoView {
    let action = ServerAction::<FlagPost>::new();
    let value = Signal::derive(move || action.value().get());
    let sent = move || matches!(value.get(), Some(Ok(_)));
    let reason = RwSignal::new(None::<FlagReason>);
    view! {
        <details class="flag">
            <summary>"Flag"</summary>
            <Show
                when=sent
                fallback=move || view! {
                    <ActionForm action=action attr:class="flag-form">
                        <input type="hidden" name="post_id" value=post_id/>
                        <ReportFields id_prefix=format!("flag-{post_id}") legend="Why are you reporting this post?"
                            note_label="Anything moderators should know? (optional, required for “Something else”)"
                            value reason/>
                    </ActionForm>
                }
            >
                <p class="notice" role="status">
                    "Thank you. We received your report: a moderator will look at it, and you will hear what happened. "
                    <a href="/help/reports">"What happens next"</a>
                </p>
                {move || (reason.get() == Some(FlagReason::AtRisk)).then(at_risk_help)}
            </Show>
        </details>
    }
}

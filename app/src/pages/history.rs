//! Editing a post, and its edit history with word-level differences.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{FieldMessage, Loaded, UserName, When, field_error, form_error, rcdata};
use crate::error::AppError;
use crate::model::{DiffKind, EditablePost, MAX_EDIT_REASON_CHARS, PostHistory, RevisionDiff};

#[server(prefix = "/fn", endpoint = "open_edit")]
pub async fn open_edit(post_id: i32) -> Result<EditablePost, AppError> {
    use crate::server::{request_viewer, services::revisions};
    let (state, viewer) = request_viewer().await?;
    revisions::open(&state.db, viewer.as_ref(), post_id).await
}

/// Saves an edit made from `base_version`. `policy_update` is "on" when the
/// box is ticked (staff, guideline posts).
#[server(prefix = "/fn", endpoint = "save_edit")]
pub async fn save_edit(
    post_id: i32,
    base_version: i32,
    body: String,
    reason: String,
    policy_update: Option<String>,
    policy_summary: Option<String>,
) -> Result<i32, AppError> {
    use crate::server::{
        request_viewer, services::base::content::Edit, services::posts, services::revisions,
    };
    let (state, viewer) = request_viewer().await?;
    let edit = Edit {
        body,
        base_version,
        reason,
        policy_summary: policy_update.map(|_| policy_summary.unwrap_or_default()),
    };
    let version = revisions::edit(&state.db, viewer.as_ref(), post_id, edit).await?;
    // The topic page itself: the client-side router does not know /p/{id}.
    let (topic, after) = posts::locate(&state.db, viewer.as_ref(), post_id).await?;
    leptos_axum::redirect(&format!("/t/{topic}?after={after}#post-{post_id}"));
    Ok(version)
}

#[server(prefix = "/fn", endpoint = "post_history")]
pub async fn load_history(post_id: i32) -> Result<PostHistory, AppError> {
    use crate::server::{request_viewer, services::revisions};
    let (state, viewer) = request_viewer().await?;
    revisions::history(&state.db, viewer.as_ref(), post_id).await
}

#[server(prefix = "/fn", endpoint = "revision_diff")]
pub async fn load_diff(post_id: i32, from: i32, to: i32) -> Result<RevisionDiff, AppError> {
    use crate::server::{request_viewer, services::revisions};
    let (state, viewer) = request_viewer().await?;
    revisions::diff(&state.db, viewer.as_ref(), post_id, from, to).await
}

#[server(prefix = "/fn", endpoint = "restore_revision")]
pub async fn restore_revision(post_id: i32, version: i32) -> Result<i32, AppError> {
    use crate::server::{request_viewer, services::revisions};
    let (state, viewer) = request_viewer().await?;
    revisions::restore(&state.db, viewer.as_ref(), post_id, version).await
}

/// The `:id` of the route, as a post id (0 when missing).
pub fn post_id_param() -> impl Fn() -> i32 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i32>().ok())
            .unwrap_or(0)
    }
}

#[component]
pub fn EditPostPage() -> impl IntoView {
    let id = post_id_param();
    let post = Resource::new(id, open_edit);
    view! {
        <Title text="Edit post"/>
        <Loaded resource=post render=move |post| view! { <EditForm post/> }.into_any()/>
    }
}

#[component]
fn EditForm(post: EditablePost) -> impl IntoView {
    let save = ServerAction::<SaveEdit>::new();
    let value = Signal::derive(move || save.value().get());
    let post_id = post.post_id;
    // After a refused save the form is based on the newer version, so the
    // next save succeeds once the editor has merged what they need.
    let base = RwSignal::new(post.version);
    let conflict = move || value.with(|v| matches!(v, Some(Err(AppError::Conflict(_)))));
    let latest = Resource::new(
        move || save.version().get(),
        move |v| async move {
            if v == 0 {
                None
            } else {
                open_edit(post_id).await.ok()
            }
        },
    );
    Effect::new(move || {
        if conflict()
            && let Some(Some(latest)) = latest.get()
        {
            base.set(latest.version);
        }
    });
    view! {
        <h1>"Edit post"</h1>
        <p class="crumbs">
            <a href=format!("/p/{post_id}") rel="external">{post.topic_title.clone()}</a>
            " · " <a href=format!("/posts/{post_id}/history")>"History"</a>
        </p>
        <p class="form-error" role="alert">{form_error(value)}</p>
        <Show when=conflict>
            <Suspense>
                {move || latest.get().flatten().map(|theirs| view! {
                    <section class="card their-version" data-testid="their-version">
                        <h2>{format!("Version {} by {}", theirs.version, theirs.last_editor.username)}</h2>
                        <pre class="source">{theirs.body_source}</pre>
                    </section>
                })}
            </Suspense>
        </Show>
        <ActionForm action=save attr:class="post-form">
            <input type="hidden" name="post_id" value=post_id/>
            <input type="hidden" name="base_version" prop:value=move || base.get().to_string()/>
            <label for="edit-body">"Post"</label>
            <textarea id="edit-body" name="body" rows="14" aria-describedby="body-error">{rcdata(&post.body_source)}</textarea>
            <FieldMessage message=Signal::derive(field_error(value, "body")) id="body-error"/>
            <label for="edit-reason">"Reason for editing (optional)"</label>
            <input id="edit-reason" name="reason" maxlength=MAX_EDIT_REASON_CHARS.to_string()/>
            <FieldMessage message=Signal::derive(field_error(value, "reason")) id="reason-error"/>
            {post.can_mark_policy.then(|| view! {
                <fieldset class="policy">
                    <legend>"Policy update"</legend>
                    <label class="check">
                        <input type="checkbox" name="policy_update"/>
                        " This is a policy update: everyone who can see this forum is asked to read it"
                    </label>
                    <label for="policy-summary">"Summary of what changed"</label>
                    <input id="policy-summary" name="policy_summary"/>
                    <FieldMessage message=Signal::derive(field_error(value, "policy_summary")) id="policy-error"/>
                </fieldset>
            })}
            <button type="submit">"Save"</button>
        </ActionForm>
    }
}

#[component]
pub fn HistoryPage() -> impl IntoView {
    let id = post_id_param();
    let query = use_query_map();
    let restore = ServerAction::<RestoreRevision>::new();
    let history = Resource::new(
        move || (id(), restore.version().get()),
        |(id, _)| load_history(id),
    );
    view! {
        <Title text="Edit history"/>
        <Loaded resource=history render=move |h| {
            let q = query.read_untracked();
            let to = q.get("to").and_then(|v| v.parse().ok()).unwrap_or(h.current_version);
            let from = q
                .get("from")
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| h.revisions.iter().map(|r| r.version).filter(|v| *v < to).max().unwrap_or(to));
            view! { <HistoryView h from to restore/> }.into_any()
        }/>
    }
}

#[component]
fn HistoryView(
    h: PostHistory,
    from: i32,
    to: i32,
    restore: ServerAction<RestoreRevision>,
) -> impl IntoView {
    let post_id = h.post_id;
    let diff = Resource::new(
        move || (from, to),
        move |(from, to)| load_diff(post_id, from, to),
    );
    let restore_value = Signal::derive(move || restore.value().get());
    view! {
        <h1>"Edit history"</h1>
        <p class="crumbs"><a href=format!("/p/{post_id}") rel="external">{format!("{} · post #{}", h.topic_title, h.number)}</a></p>
        <p class="form-error" role="alert">{form_error(restore_value)}</p>
        <form method="get" class="history">
            <table class="revisions">
                <thead><tr><th>"Version"</th><th>"Compare from"</th><th>"to"</th><th>"By"</th><th>"When"</th><th>"Reason"</th><th></th></tr></thead>
                <tbody>
                    {h.revisions.iter().map(|r| {
                        let version = r.version;
                        view! {
                            <tr data-testid="revision">
                                <td>{format!("v{version}")} {(version == h.current_version).then_some(" (current)")}</td>
                                <td><input type="radio" name="from" value=version checked=version == from aria-label=format!("Compare from version {version}")/></td>
                                <td><input type="radio" name="to" value=version checked=version == to aria-label=format!("Compare to version {version}")/></td>
                                <td><UserName user=r.editor.clone()/></td>
                                <td><When at=r.created_at/></td>
                                <td>
                                    {r.policy_update.then(|| view! {
                                        <strong class="policy-tag">"Policy update: "</strong>
                                        {r.policy_summary.clone()}
                                        {(!r.reason.is_empty()).then(|| view! { <br/> })}
                                    })}
                                    <span data-testid="edit-reason">{r.reason.clone()}</span>
                                </td>
                                <td>{(h.can_restore && version != h.current_version).then(|| view! {
                                    <button type="submit" form=format!("restore-{version}") class="secondary">"Restore"</button>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <button type="submit" class="secondary">"Compare"</button>
        </form>
        // Restore forms live outside the compare form (forms cannot nest).
        {
            let current = h.current_version;
            let restorable: Vec<i32> = h.revisions.iter().map(|r| r.version).filter(|v| *v != current).collect();
            h.can_restore.then(move || restorable.into_iter().map(|version| view! {
                <ActionForm action=restore attr:id=format!("restore-{version}") attr:class="hidden-form">
                    <input type="hidden" name="post_id" value=post_id/>
                    <input type="hidden" name="version" value=version/>
                </ActionForm>
            }).collect_view())
        }
        <Loaded resource=diff render=move |d| view! { <DiffView d/> }.into_any()/>
    }
}

/// Added words are underlined and removed ones struck through, each also
/// labelled for screen readers, so the difference never rests on colour.
#[component]
fn DiffView(d: RevisionDiff) -> impl IntoView {
    view! {
        <section class="card diff" data-testid="diff">
            <h2>{format!("Changes from version {} to version {}", d.from, d.to)}</h2>
            <p class="diff-summary">{
                if d.added_words + d.removed_words == 0 && d.from_html != d.to_html {
                    "No words changed: only the formatting.".to_string()
                } else {
                    format!("{} words added, {} words removed", d.added_words, d.removed_words)
                }
            }</p>
            <div class="diff-text">
                {d.spans.into_iter().map(|span| match span.kind {
                    DiffKind::Same => view! { <span>{span.text}</span> }.into_any(),
                    DiffKind::Added => view! {
                        <ins><span class="sr-only">"[added: "</span>{span.text}<span class="sr-only">"]"</span></ins>
                    }.into_any(),
                    DiffKind::Removed => view! {
                        <del><span class="sr-only">"[removed: "</span>{span.text}<span class="sr-only">"]"</span></del>
                    }.into_any(),
                }).collect_view()}
            </div>
        </section>
        <section class="card side-by-side" data-testid="side-by-side" aria-label="Both versions as readers saw them">
            <div class="version">
                <h3>{format!("Version {}", d.from)}</h3>
                // Rendered and sanitised by the renderer that stores posts.
                <div class="post-body" inner_html=d.from_html></div>
            </div>
            <div class="version">
                <h3>{format!("Version {}", d.to)}</h3>
                <div class="post-body" inner_html=d.to_html></div>
            </div>
        </section>
    }
}

//! The moderation queue: reports waiting for mentors, leaders and staff.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{FieldMessage, Loaded, UserName, When, field_error, form_error};
use crate::error::AppError;
use crate::model::{Outcome, QueueItemView};

/// Open items the viewer may handle, most urgent first.
#[server(prefix = "/fn", endpoint = "queue")]
pub async fn queue_items() -> Result<Vec<QueueItemView>, AppError> {
    use crate::server::{request_viewer, services::moderation};
    let (state, viewer) = request_viewer().await?;
    moderation::queue(&state.db, &state.moderation, viewer.as_ref(), None, None).await
}

#[server(prefix = "/fn", endpoint = "claim")]
pub async fn claim_item(item_id: i32) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::moderation};
    let (state, viewer) = request_viewer().await?;
    moderation::claim(&state.db, viewer.as_ref(), item_id).await
}

/// `outcome`: no_action | hide_post | warn_author | suspend_author | escalate.
/// `suspend_until`: YYYY-MM-DD, empty for indefinitely.
#[server(prefix = "/fn", endpoint = "resolve")]
pub async fn resolve_item(
    item_id: i32,
    outcome: String,
    note: String,
    suspend_until: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{
        request_viewer,
        services::moderation::{self, Resolution},
    };
    let (state, viewer) = request_viewer().await?;
    let outcome = match outcome.as_str() {
        "escalate" => {
            moderation::escalate(&state.db, viewer.as_ref(), item_id, &note).await?;
            return Ok(());
        }
        "no_action" => Outcome::NoAction,
        "hide_post" => Outcome::HidePost,
        "warn_author" => Outcome::WarnAuthor,
        "suspend_author" => Outcome::SuspendAuthor,
        _ => return Err(AppError::field("outcome", "Choose what to do.")),
    };
    let suspend_until = match suspend_until
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(date) => Some(
            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .map_err(|_| AppError::field("suspend_until", "Use a date like 2026-12-31."))?
                .and_hms_opt(23, 59, 59)
                .map(|t| t.and_utc())
                .ok_or_else(|| AppError::field("suspend_until", "Use a date like 2026-12-31."))?,
        ),
    };
    moderation::resolve(
        &state.db,
        viewer.as_ref(),
        item_id,
        Resolution {
            outcome,
            note,
            suspend_until,
        },
    )
    .await
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let claim = ServerAction::<ClaimItem>::new();
    let resolve = ServerAction::<ResolveItem>::new();
    let items = Resource::new(
        move || (claim.version().get(), resolve.version().get()),
        |_| queue_items(),
    );
    view! {
        <Title text="Moderation queue"/>
        <h1>"Moderation queue"</h1>
        <p class="form-error" role="alert">{form_error(Signal::derive(move || claim.value().get()))}</p>
        <Loaded resource=items render=move |items| {
            if items.is_empty() {
                view! { <p class="empty">"Nothing waiting. Thank you for looking after people."</p> }.into_any()
            } else {
                view! {
                    <ol class="queue">
                        {items.into_iter().map(|item| view! { <QueueItem item claim resolve/> }).collect_view()}
                    </ol>
                }.into_any()
            }
        }/>
    }
}

#[component]
fn QueueItem(
    item: QueueItemView,
    claim: ServerAction<ClaimItem>,
    resolve: ServerAction<ResolveItem>,
) -> impl IntoView {
    let value = Signal::derive(move || resolve.value().get());
    let id = item.id;
    view! {
        <li class="queue-item card" class:overdue=item.overdue data-testid="queue-item">
            <header class="queue-head">
                <span class="score" title="Weight of the reports">{format!("score {}", item.score)}</span>
                {item.overdue.then(|| view! { <span class="overdue-tag">"overdue"</span> })}
                {item.post_hidden.then(|| view! { <span class="hidden-tag">"post hidden"</span> })}
                {(item.escalation != crate::model::Escalation::None).then(|| view! {
                    <span class="escalated">{format!("escalated to {}", item.escalation.as_str())}</span>
                })}
                <When at=item.created_at/>
            </header>
            <p>"Post by " <UserName user=item.author.clone()/>
                {format!(" · {} warnings, {} suspensions before", item.author_warnings, item.author_suspensions)}
                " · " <a href=format!("/p/{}", item.post_id) rel="external">"see it in context"</a>
            </p>
            <blockquote class="snapshot">{item.snapshot.clone()}</blockquote>
            <ul class="flags">
                {item.flags.iter().map(|f| view! {
                    <li><UserName user=f.flagger.clone()/> ": " <strong>{f.reason.label()}</strong>
                        {(!f.note.is_empty()).then(|| format!(" — “{}”", f.note))}
                    </li>
                }).collect_view()}
            </ul>
            {match item.claimed_by.clone() {
                Some(by) => view! { <p class="claimed">"Being handled by " <UserName user=by/></p> }.into_any(),
                None => view! {
                    <ActionForm action=claim attr:class="inline">
                        <input type="hidden" name="item_id" value=id/>
                        <button type="submit" class="secondary">"Claim"</button>
                    </ActionForm>
                }.into_any(),
            }}
            <ActionForm action=resolve attr:class="resolve">
                <input type="hidden" name="item_id" value=id/>
                <label for=format!("outcome-{id}")>"Outcome"</label>
                <select id=format!("outcome-{id}") name="outcome">
                    <option value="no_action">"No action (reports disagreed)"</option>
                    <option value="hide_post">"Hide the post"</option>
                    <option value="warn_author">"Warn the author"</option>
                    <option value="suspend_author">"Suspend the author (leaders and staff)"</option>
                    <option value="escalate">"Escalate"</option>
                </select>
                <label for=format!("until-{id}")>"Suspend until (empty: indefinitely)"</label>
                <input id=format!("until-{id}") name="suspend_until" type="date"/>
                <label for=format!("note-{id}")>"Note (goes on the record; shown to the author with a warning)"</label>
                <textarea id=format!("note-{id}") name="note" rows="3"></textarea>
                <FieldMessage message=Signal::derive(field_error(value, "note")) id="note-error"/>
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit">"Resolve"</button>
            </ActionForm>
        </li>
    }
}

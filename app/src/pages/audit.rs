//! The audit log, for global leaders and staff: every moderator and staff
//! action, newest first, filtered by who, what and the kind of target.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{Loaded, UserName, When};
use crate::error::AppError;
use crate::model::{AuditFilter, AuditPage as AuditData};

/// The actions the filter offers (anything else can still be typed in the URL).
const ACTIONS: [&str; 26] = [
    "claim",
    "escalate",
    "no_action",
    "hide_post",
    "edit_post",
    "warn_author",
    "suspend_author",
    "hide",
    "restore",
    "auto_hide",
    "edit",
    "restore_revision",
    "warn",
    "suspend",
    "appeal_upheld",
    "appeal_reversed",
    "overdue",
    "role_change",
    "approve",
    "reject",
    "filter_censor",
    "filter_flag",
    "filter_hold",
    "filter_block",
    "rule_create",
    "rule_delete",
];

#[server(prefix = "/fn", endpoint = "audit")]
pub async fn audit_page(filter: AuditFilter) -> Result<AuditData, AppError> {
    use crate::server::{request_viewer, services::audit};
    let (state, viewer) = request_viewer().await?;
    audit::browse(&state.db, viewer.as_ref(), &filter).await
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        AuditFilter {
            actor: q.get("actor").unwrap_or_default(),
            action: q.get("action").unwrap_or_default(),
            target_type: q.get("target").unwrap_or_default(),
            before: q.get("before").and_then(|b| b.parse().ok()),
        }
    };
    let page = Resource::new(filter, audit_page);
    view! {
        <Title text="Audit log"/>
        <h1>"Audit log"</h1>
        <p>"Every moderator and staff action. Entries cannot be changed or removed."</p>
        {move || {
            let f = filter();
            view! {
                <form method="get" action="/audit" class="audit-filter">
                    <label for="audit-actor">"Who (username, or “system”)"</label>
                    <input id="audit-actor" name="actor" value=f.actor.clone()/>
                    <label for="audit-action">"Action"</label>
                    <select id="audit-action" name="action">
                        <option value="" selected=f.action.is_empty()>"Any action"</option>
                        {ACTIONS.iter().map(|a| view! {
                            <option value=*a selected=f.action == *a>{a.replace('_', " ")}</option>
                        }).collect_view()}
                    </select>
                    <label for="audit-target">"Target"</label>
                    <select id="audit-target" name="target">
                        <option value="" selected=f.target_type.is_empty()>"Anything"</option>
                        {["post", "user", "queue_item"].iter().map(|t| view! {
                            <option value=*t selected=f.target_type == *t>{t.replace('_', " ")}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit" class="secondary">"Filter"</button>
                </form>
            }
        }}
        <Loaded resource=page render=move |page| {
            let f = filter();
            // A GET form carries the filters to the next page, encoded by the browser.
            let next = page.next_before.map(|before| view! {
                <form method="get" action="/audit" class="inline">
                    <input type="hidden" name="actor" value=f.actor.clone()/>
                    <input type="hidden" name="action" value=f.action.clone()/>
                    <input type="hidden" name="target" value=f.target_type.clone()/>
                    <input type="hidden" name="before" value=before/>
                    <button type="submit" class="secondary">"Older entries"</button>
                </form>
            });
            if page.entries.is_empty() {
                view! { <p class="empty">"No entries match."</p> }.into_any()
            } else {
                view! {
                    <table class="audit">
                        <thead><tr><th>"When"</th><th>"Who"</th><th>"Action"</th><th>"Target"</th><th>"Reason"</th></tr></thead>
                        <tbody>
                            {page.entries.into_iter().map(|e| view! {
                                <tr data-testid="audit-entry">
                                    <td><When at=e.created_at/></td>
                                    <td>{match e.actor {
                                        Some(actor) => view! { <UserName user=actor/> }.into_any(),
                                        None => view! { <em>"system"</em> }.into_any(),
                                    }}</td>
                                    <td>{e.action.replace('_', " ")}</td>
                                    <td>{match e.target_link {
                                        Some(link) => view! { <a href=link rel="external">{format!("{} {}", e.target_type, e.target_id)}</a> }.into_any(),
                                        None => view! { <span>{format!("{} {}", e.target_type.replace('_', " "), e.target_id)}</span> }.into_any(),
                                    }}</td>
                                    <td>{e.reason}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    {next}
                }.into_any()
            }
        }/>
    }
}

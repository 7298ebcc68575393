//! The person's own moderation matters: warnings and suspensions to read and
//! acknowledge, the reports they made, and what happens after a report.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Loaded, When};
use crate::error::AppError;
use crate::model::{MyReportView, SanctionView};

#[server(prefix = "/fn", endpoint = "my_sanctions")]
pub async fn my_sanctions() -> Result<Vec<SanctionView>, AppError> {
    use crate::server::{request_viewer, services::moderation};
    let (state, viewer) = request_viewer().await?;
    moderation::my_sanctions(&state.db, viewer.as_ref()).await
}

#[server(prefix = "/fn", endpoint = "acknowledge")]
pub async fn acknowledge_sanction(sanction_id: i32) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::moderation};
    let (state, viewer) = request_viewer().await?;
    moderation::acknowledge(&state.db, viewer.as_ref(), sanction_id).await
}

#[server(prefix = "/fn", endpoint = "my_reports")]
pub async fn my_reports() -> Result<Vec<MyReportView>, AppError> {
    use crate::server::{request_viewer, services::moderation};
    let (state, viewer) = request_viewer().await?;
    moderation::my_reports(&state.db, viewer.as_ref()).await
}

#[component]
pub fn WarningsPage() -> impl IntoView {
    let acknowledge = ServerAction::<AcknowledgeSanction>::new();
    let list = Resource::new(move || acknowledge.version().get(), |_| my_sanctions());
    view! {
        <Title text="Warnings and suspensions"/>
        <h1>"Warnings and suspensions"</h1>
        <Loaded resource=list render=move |items| {
            if items.is_empty() {
                view! { <p class="empty">"You have no warnings. Thank you for looking after this place."</p> }.into_any()
            } else {
                view! {
                    <ul class="sanctions">
                        {items.into_iter().map(|s| view! {
                            <li class="card" data-testid="sanction">
                                <h2>{if s.kind == "suspension" { "Suspension" } else { "Warning" }}</h2>
                                <p class="reason">{s.reason.clone()}</p>
                                {s.until.map(|u| view! { <p>"Until " <When at=u/></p> })}
                                {s.post_id.map(|p| view! { <p><a href=format!("/p/{p}") rel="external">"The post this is about"</a></p> })}
                                <p class="meta">"Given " <When at=s.created_at/></p>
                                {if s.acknowledged {
                                    view! { <p class="acknowledged">"You acknowledged this."</p> }.into_any()
                                } else {
                                    view! {
                                        <ActionForm action=acknowledge>
                                            <input type="hidden" name="sanction_id" value=s.id/>
                                            <button type="submit">"I have read this"</button>
                                        </ActionForm>
                                    }.into_any()
                                }}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }/>
    }
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_reports());
    view! {
        <Title text="Your reports"/>
        <h1>"Your reports"</h1>
        <p><a href="/help/reports">"What happens after a report"</a></p>
        <Loaded resource=list render=move |items| {
            if items.is_empty() {
                view! { <p class="empty">"You have not reported anything."</p> }.into_any()
            } else {
                view! {
                    <ul class="reports">
                        {items.into_iter().map(|r| {
                            let status = match r.status.as_str() {
                                "open" => "waiting for a moderator",
                                "agreed" => "reviewed: action was taken",
                                "disagreed" => "reviewed: found within the guidelines",
                                _ => "withdrawn",
                            };
                            view! {
                                <li class="card">
                                    <a href=format!("/p/{}", r.post_id) rel="external">{r.reason.label()}</a>
                                    " · " <span class="status">{status}</span> " · " <When at=r.created_at/>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }/>
    }
}

/// Linked from every report acknowledgement and outcome.
#[component]
pub fn AfterReportPage() -> impl IntoView {
    view! {
        <Title text="What happens after a report"/>
        <section class="card">
            <h1>"What happens after a report"</h1>
            <ol>
                <li>"Your report goes straight to the mentors of that forum and to our global leaders. You get a note that it arrived."</li>
                <li>"If several people report the same post, it may be hidden at once until someone has looked at it."</li>
                <li>"A mentor or leader reads the post in context and decides: no action, hide the post, warn the author, or suspend the account. Difficult cases go to leaders and staff."</li>
                <li>"You are told what happened in general terms. We don't share the details of action taken with someone else, just as we wouldn't share yours."</li>
            </ol>
            <p>"If someone is in danger right now, contact your local emergency number or a crisis line."</p>
            <p><a href="/account/reports">"See your reports"</a></p>
        </section>
    }
}

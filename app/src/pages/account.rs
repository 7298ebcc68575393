//! The person's own moderation matters: warnings and suspensions to read and
//! acknowledge, the reports they made, and what happens after a report.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{FieldMessage, Loaded, When, field_error, form_error, successes};
use crate::error::AppError;
use crate::model::{AppealStatus, FlagStatus};
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

#[server(prefix = "/fn", endpoint = "appeal")]
pub async fn appeal_sanction(sanction_id: i32, body: String) -> Result<i32, AppError> {
    use crate::server::{request_viewer, services::appeals};
    let (state, viewer) = request_viewer().await?;
    appeals::file(&state.db, viewer.as_ref(), sanction_id, &body).await
}

#[server(prefix = "/fn", endpoint = "withdraw_report")]
pub async fn withdraw_report(flag_id: i32) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::moderation};
    let (state, viewer) = request_viewer().await?;
    moderation::withdraw(&state.db, viewer.as_ref(), flag_id).await
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
    let appeal = ServerAction::<AppealSanction>::new();
    let appeal_value = Signal::derive(move || appeal.value().get());
    // A refused appeal keeps its text in the form.
    let appealed = successes(appeal);
    let list = Resource::new(
        move || (acknowledge.version().get(), appealed.get()),
        |_| my_sanctions(),
    );
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
                                <h2>{s.kind.label()}</h2>
                                <p class="reason">{s.reason.clone()}</p>
                                {s.until.map(|u| view! { <p>"Until " <When at=u/></p> })}
                                {s.post_id.map(|p| view! { <p><a href=format!("/p/{p}") rel="external">"The post this is about"</a></p> })}
                                <p class="meta">"Given " <When at=s.created_at/></p>
                                {s.reversed.then(|| view! { <p class="reversed">"Reversed on appeal: this no longer counts."</p> })}
                                {match (s.appeal_status, s.reversed) {
                                    (Some(AppealStatus::Open), _) => view! { <p class="appeal-status">"Your appeal is waiting for a leader or staff member."</p> }.into_any(),
                                    (Some(AppealStatus::Upheld), _) => view! {
                                        <p class="appeal-status">"Your appeal was reviewed and this stands: " {s.appeal_decision.clone()}</p>
                                    }.into_any(),
                                    (Some(_), _) => view! {
                                        <p class="appeal-status">"Your appeal was accepted: " {s.appeal_decision.clone()}</p>
                                    }.into_any(),
                                    (None, true) => ().into_any(),
                                    (None, false) => view! {
                                        <details class="appeal">
                                            <summary>"Appeal this"</summary>
                                            <ActionForm action=appeal>
                                                <input type="hidden" name="sanction_id" value=s.id/>
                                                <label for=format!("appeal-{}", s.id)>
                                                    "Why should it be looked at again? A leader or staff member who did not issue it will decide. You can appeal once."
                                                </label>
                                                <textarea id=format!("appeal-{}", s.id) name="body" rows="4"></textarea>
                                                <FieldMessage message=Signal::derive(field_error(appeal_value, "body")) id="appeal-error"/>
                                                <p class="form-error" role="alert">{form_error(appeal_value)}</p>
                                                <button type="submit">"Send appeal"</button>
                                            </ActionForm>
                                        </details>
                                    }.into_any(),
                                }}
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
    let withdraw = ServerAction::<WithdrawReport>::new();
    let list = Resource::new(move || withdraw.version().get(), |_| my_reports());
    view! {
        <Title text="Your reports"/>
        <h1>"Your reports"</h1>
        <p><a href="/help/reports">"What happens after a report"</a></p>
        <p class="form-error" role="alert">{form_error(Signal::derive(move || withdraw.value().get()))}</p>
        <Loaded resource=list render=move |items| {
            if items.is_empty() {
                view! { <p class="empty">"You have not reported anything."</p> }.into_any()
            } else {
                view! {
                    <ul class="reports">
                        {items.into_iter().map(|r| {
                            let status = match r.status {
                                FlagStatus::Open => "waiting for a moderator",
                                FlagStatus::Agreed => "reviewed: action was taken",
                                FlagStatus::Disagreed => "reviewed: found within the guidelines",
                                FlagStatus::Withdrawn => "withdrawn",
                            };
                            view! {
                                <li class="card">
                                    <a href=format!("/p/{}", r.post_id) rel="external">{r.reason.label()}</a>
                                    " · " <span class="status">{status}</span> " · " <When at=r.created_at/>
                                    {(r.status == FlagStatus::Open).then(|| view! {
                                        <ActionForm action=withdraw attr:class="inline">
                                            <input type="hidden" name="flag_id" value=r.id/>
                                            <button type="submit" class="secondary">"Withdraw"</button>
                                        </ActionForm>
                                    })}
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
                <li>"A mentor or leader reads the post in context and decides: no action, hide the post, edit out the harmful part, warn the author, or suspend the account. A warned or suspended person can appeal once, to someone who did not make the decision. Difficult cases go to leaders and staff."</li>
                <li>"While nobody has acted on it yet, you can withdraw your report from " <a href="/account/reports">"your reports"</a> "."</li>
                <li>"You are told what happened in general terms. We don't share the details of action taken with someone else, just as we wouldn't share yours."</li>
            </ol>
            <p>"If someone is in danger right now, contact your local emergency number or a crisis line."</p>
            <p><a href="/account/reports">"See your reports"</a></p>
        </section>
    }
}

/// The rule on contact details, explained to the people it stops.
#[component]
pub fn ContactRulePage() -> impl IntoView {
    view! {
        <Title text="Why contact details are not allowed"/>
        <section class="card">
            <h1>"Why contact details are not allowed"</h1>
            <p>"On Haven, people talk to each other here, where mentors and leaders can see what happens and step in. Off Haven nobody can: that is where people who want to exploit someone in a hard moment take them. So sharing or asking for ways to reach someone elsewhere is not allowed, in posts and in private messages."</p>
            <h2>"What counts"</h2>
            <ul>
                <li>"Phone numbers, e-mail addresses, home, school or postal addresses."</li>
                <li>"Usernames, links or codes for other apps and sites: social networks, messengers, games, payment apps, video calls."</li>
                <li>"Asking someone for theirs, offering your own, or inviting someone to talk or meet somewhere else."</li>
            </ul>
            <h2>"What is fine"</h2>
            <ul>
                <li>"Crisis lines and emergency numbers: always share them."</li>
                <li>"Talking about apps (\"I deleted Instagram and feel better\"), warning others about the rule, or telling us someone asked you."</li>
            </ul>
            <h2>"When the filter catches something"</h2>
            <p>"Your words are never lost. Usually the post waits for a moderator, who publishes it if it was a mistake; you see which part caught the filter, highlighted. In forums for teens such posts are refused instead, and your text stays in the form so you can take the details out."</p>
            <p>"If you are in danger right now, contact your local emergency number or a crisis line."</p>
        </section>
    }
}

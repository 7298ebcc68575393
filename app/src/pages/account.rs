//! The person's own account: the account page (self-care break,
//! deactivation, password, links to the rest), their moderation matters
//! (warnings and suspensions to read and acknowledge, the reports they
//! made) and what happens after a report.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{FieldMessage, Loaded, When, field_error, form_error, successes};
use crate::error::AppError;
use crate::model::{AppealStatus, FlagStatus};
use crate::model::{MIN_PASSWORD_CHARS, MyReportView, SanctionView, SelfCare};
use crate::pages::email::EmailSection;
use crate::pages::messages::MessagingSettings;

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

#[server(prefix = "/fn", endpoint = "self_care")]
pub async fn my_self_care() -> Result<SelfCare, AppError> {
    use crate::server::{request_viewer, services::self_care};
    let (state, viewer) = request_viewer().await?;
    self_care::mine(&state.db, viewer.as_ref()).await
}

/// `until` is YYYY-MM-DD, or empty for a break until they end it.
#[server(prefix = "/fn", endpoint = "start_break")]
pub async fn start_break(until: Option<String>) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::self_care};
    let (state, viewer) = request_viewer().await?;
    let until = match until.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(date) => Some(
            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .map_err(|_| AppError::field("until", "Enter the date as YYYY-MM-DD."))?,
        ),
    };
    self_care::start_break(&state.db, viewer.as_ref(), until).await
}

#[server(prefix = "/fn", endpoint = "end_break")]
pub async fn end_break() -> Result<(), AppError> {
    use crate::server::{request_viewer, services::self_care};
    let (state, viewer) = request_viewer().await?;
    self_care::end_break(&state.db, viewer.as_ref()).await
}

/// Deactivates the account and logs out; the home page follows.
#[server(prefix = "/fn", endpoint = "deactivate")]
pub async fn deactivate_account(confirm: Option<String>) -> Result<(), AppError> {
    use crate::server::{auth, request_viewer, services::self_care, session};
    let (state, viewer) = request_viewer().await?;
    self_care::deactivate(&state.db, viewer.as_ref(), confirm.is_some()).await?;
    auth::log_out(&session().await?).await?;
    leptos_axum::redirect("/?deactivated=1");
    Ok(())
}

#[server(prefix = "/fn", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::accounts};
    let (state, viewer) = request_viewer().await?;
    accounts::change_password(&state.db, viewer.as_ref(), &current_password, &new_password).await
}

/// `/account`: the person's own settings and records, in one place.
#[component]
pub fn AccountPage() -> impl IntoView {
    let start = ServerAction::<StartBreak>::new();
    let end = ServerAction::<EndBreak>::new();
    let deactivate = ServerAction::<DeactivateAccount>::new();
    let password = ServerAction::<ChangePassword>::new();
    let start_value = Signal::derive(move || start.value().get());
    let deactivate_value = Signal::derive(move || deactivate.value().get());
    let password_value = Signal::derive(move || password.value().get());
    let care = Resource::new(
        move || (start.version().get(), end.version().get()),
        |_| my_self_care(),
    );
    let query = use_query_map();
    let reactivated = move || query.read().get("reactivated").is_some();
    view! {
        <Title text="Your account"/>
        <h1>"Your account"</h1>
        {move || reactivated().then(|| view! {
            <p class="notice" role="status" data-testid="reactivated">"Welcome back. Your account is active again."</p>
        })}
        <nav class="card account-links" aria-label="Your records">
            <a href="/notifications">"Notifications and alerts"</a>
            <a href="/messages">"Messages"</a>
            <a href="/account/reports">"Your reports"</a>
            <a href="/account/warnings">"Warnings and suspensions"</a>
        </nav>
        <section class="card" id="break" aria-labelledby="break-title">
            <h2 id="break-title">"Self-care break"</h2>
            <Loaded resource=care render=move |care| {
                if care.on_break {
                    view! {
                        <p data-testid="break-status">
                            {match care.break_until {
                                Some(until) => view! { "You are on a break until " <When at=until/> "." }.into_any(),
                                None => view! { "You are on a break until you end it." }.into_any(),
                            }}
                            " You get no notifications, people who mention you are told you are away, and your profile says you are on a break. You can still read."
                        </p>
                        <ActionForm action=end>
                            <button type="submit">"End my break now"</button>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! {
                        <p>"Step back for a while: no notifications, nobody's mentions reach you (they are told you are on a break), and you won't post. You can still read, and end it any time."</p>
                        <ActionForm action=start>
                            <label for="break-until">"Until (optional)"</label>
                            <input id="break-until" name="until" type="date" aria-describedby="until-error"/>
                            <p class="hint">"Leave it empty for a break with no end date."</p>
                            <FieldMessage message=Signal::derive(field_error(start_value, "until")) id="until-error"/>
                            <p class="form-error" role="alert">{form_error(start_value)}</p>
                            <button type="submit">"Start a break"</button>
                        </ActionForm>
                    }.into_any()
                }
            }/>
        </section>
        <EmailSection/>
        <MessagingSettings/>
        <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">"Password"</h2>
            <ActionForm action=password>
                <label for="current-password">"Current password"</label>
                <input id="current-password" name="current_password" type="password" autocomplete="current-password"/>
                <FieldMessage message=Signal::derive(field_error(password_value, "current_password")) id="current-password-error"/>
                <label for="new-password">"New password"</label>
                <input id="new-password" name="new_password" type="password" autocomplete="new-password"
                    minlength=MIN_PASSWORD_CHARS.to_string()/>
                <FieldMessage message=Signal::derive(field_error(password_value, "new_password")) id="new-password-error"/>
                <p class="form-error" role="alert">{form_error(password_value)}</p>
                <button type="submit">"Change password"</button>
                {move || matches!(password_value.get(), Some(Ok(()))).then(|| view! {
                    <p class="notice" role="status">"Your password was changed."</p>
                })}
            </ActionForm>
            <p class="hint">"Forgot it? Log out and use " <a href="/password/forgot">"Forgot your password?"</a> " on the login page."</p>
        </section>
        <section class="card danger-zone" aria-labelledby="deactivate-title">
            <h2 id="deactivate-title">"Deactivate your account"</h2>
            <p>"You will be logged out and cannot post; your profile will say the account is deactivated. Your posts stay. Log in within 30 days and everything comes back. After 30 days the account is closed: your name becomes \"former member\" and your personal details are removed."</p>
            <details>
                <summary>"Deactivate…"</summary>
                <ActionForm action=deactivate>
                    <div class="choice">
                        <input id="deactivate-confirm" name="confirm" type="checkbox" value="yes"/>
                        <label for="deactivate-confirm">"I understand, deactivate my account"</label>
                    </div>
                    <FieldMessage message=Signal::derive(field_error(deactivate_value, "confirm")) id="confirm-error"/>
                    <p class="form-error" role="alert">{form_error(deactivate_value)}</p>
                    <button type="submit" class="danger">"Deactivate"</button>
                </ActionForm>
            </details>
        </section>
    }
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
                                    {match (r.post_id, r.conversation_id) {
                                        (Some(post), _) => view! { <a href=format!("/p/{post}") rel="external">{r.reason.label()}</a> }.into_any(),
                                        (None, Some(c)) => view! { <a href=format!("/messages/{c}")>{format!("Private message: {}", r.reason.label())}</a> }.into_any(),
                                        (None, None) => view! { <span>{r.reason.label()}</span> }.into_any(),
                                    }}
                                    " · " <span class="status">{status}</span> " · " <When at=r.created_at/>
                                    {(r.status == FlagStatus::Open && r.post_id.is_some()).then(|| view! {
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

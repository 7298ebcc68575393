//! The moderation queue: reports waiting for mentors, leaders and staff, and
//! the appeals leaders and staff decide.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::ContactNote;
use crate::components::{
    FieldMessage, Loaded, UserName, When, decision_key, field_error, form_error, rcdata, successes,
};
use crate::error::AppError;
use crate::model::{
    AppealView, DecidedItemView, FlagReason, Outcome, QueueItemView, QueuePage as QueueData,
};

/// Open items the viewer may handle, most urgent first; `forum` (an id) and
/// `reason` narrow the list.
#[server(prefix = "/fn", endpoint = "queue")]
pub async fn queue_items(
    forum: Option<String>,
    reason: Option<String>,
) -> Result<QueueData, AppError> {
    use crate::server::{request_viewer, services::moderation};
    let (state, viewer) = request_viewer().await?;
    let forum = forum.and_then(|f| f.parse::<i32>().ok());
    let reason = reason.as_deref().and_then(FlagReason::parse);
    let items =
        moderation::queue(&state.db, &state.moderation, viewer.as_ref(), forum, reason).await?;
    let forums = moderation::queue_forums(&state.db, viewer.as_ref()).await?;
    // Leaders and staff also see appeals and the audit log.
    let leads = crate::server::permissions::allows(
        viewer.as_ref(),
        crate::server::permissions::Action::ReviewAppeals,
        crate::server::now(),
    );
    let can_suspend = crate::server::permissions::allows(
        viewer.as_ref(),
        crate::server::permissions::Action::Suspend,
        crate::server::now(),
    );
    Ok(QueueData {
        items,
        forums,
        leads,
        can_suspend,
    })
}

#[server(prefix = "/fn", endpoint = "claim")]
pub async fn claim_item(item_id: i32) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::moderation};
    let (state, viewer) = request_viewer().await?;
    moderation::claim(&state.db, viewer.as_ref(), item_id).await
}

/// Lets go of an item the viewer claimed.
#[server(prefix = "/fn", endpoint = "unclaim")]
pub async fn unclaim_item(item_id: i32) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::moderation};
    let (state, viewer) = request_viewer().await?;
    moderation::unclaim(&state.db, viewer.as_ref(), item_id).await
}

/// A leader or staff member takes over an item someone else claimed.
#[server(prefix = "/fn", endpoint = "take_over")]
pub async fn take_over_item(item_id: i32) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::moderation};
    let (state, viewer) = request_viewer().await?;
    moderation::take_over(&state.db, viewer.as_ref(), item_id, "").await
}

/// `outcome`: one of the `Outcome` values, or `escalate`; a button may add
/// `:listener` or `:mentor` (the badge a removal takes away) or
/// `:confirmed` (approving a post held for contact details, after seeing
/// what the filter found). One button per decision, so the choice and its
/// details travel together.
/// `new_body`: for the edits, the post's censored text.
/// `suspend_until`: YYYY-MM-DD, empty for indefinitely.
#[server(prefix = "/fn", endpoint = "resolve")]
pub async fn resolve_item(
    item_id: i32,
    outcome: Option<String>,
    note: String,
    suspend_until: Option<String>,
    new_body: Option<String>,
) -> Result<(), AppError> {
    use crate::model::{Badge, Outcome, PostEffect};
    use crate::server::{
        request_viewer,
        services::moderation::{self, Resolution},
    };
    let (state, viewer) = request_viewer().await?;
    let outcome = outcome.unwrap_or_default();
    let (outcome, detail) = outcome.split_once(':').unwrap_or((outcome.as_str(), ""));
    let outcome = match outcome {
        "" => {
            return Err(AppError::field(
                "outcome",
                "Choose what to do with this item: nothing happens until you do.",
            ));
        }
        "escalate" => {
            moderation::escalate(&state.db, viewer.as_ref(), item_id, &note).await?;
            return Ok(());
        }
        other => AppError::parse_field::<Outcome>("outcome", other)?,
    };
    let suspend_until = AppError::end_of_day("suspend_until", suspend_until.as_deref())?;
    let resolution = Resolution {
        suspend_until,
        new_body: new_body.filter(|_| outcome.post_effect() == PostEffect::Edit),
        badge: Badge::removable(detail),
        confirmed: detail == "confirmed",
        ..Resolution::new(outcome, note)
    };
    moderation::resolve(&state.db, viewer.as_ref(), item_id, resolution).await
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let query = use_query_map();
    let claim = ServerAction::<ClaimItem>::new();
    let unclaim = ServerAction::<UnclaimItem>::new();
    let take_over = ServerAction::<TakeOverItem>::new();
    let resolve = ServerAction::<ResolveItem>::new();
    // A refused resolution keeps the item's form as the moderator filled it.
    let resolved = successes(resolve);
    let data = Resource::new(
        move || {
            (
                query.read().get("forum"),
                query.read().get("reason"),
                claim.version().get(),
                unclaim.version().get(),
                take_over.version().get(),
                resolved.get(),
            )
        },
        |(forum, reason, ..)| queue_items(forum, reason),
    );
    view! {
        <Title text="Moderation queue"/>
        <h1>"Moderation queue"</h1>
        <p class="queue-links"><a href="/queue/resolved">"Resolved"</a></p>
        <p class="form-error" role="alert">{form_error(Signal::derive(move || claim.value().get()))}</p>
        <p class="form-error" role="alert">{form_error(Signal::derive(move || unclaim.value().get()))}</p>
        <p class="form-error" role="alert">{form_error(Signal::derive(move || take_over.value().get()))}</p>
        <Loaded resource=data render=move |data| {
            let forum = query.read_untracked().get("forum").unwrap_or_default();
            let reason = query.read_untracked().get("reason").unwrap_or_default();
            view! {
                {data.leads.then(|| view! {
                    <p class="queue-links"><a href="/queue/appeals">"Appeals"</a> " · " <a href="/queue/messages">"Private messages"</a> " · " <a href="/audit">"Audit log"</a> " · " <a href="/filters">"Safety filters"</a></p>
                })}
                <form method="get" action="/queue" class="queue-filter">
                    <div class="field">
                    <label for="filter-forum">"Forum"</label>
                    <select id="filter-forum" name="forum">
                        <option value="" selected=forum.is_empty()>"All forums"</option>
                        {data.forums.iter().map(|(id, name)| view! {
                            <option value=id.to_string() selected=forum == id.to_string()>{name.clone()}</option>
                        }).collect_view()}
                    </select>
                    </div>
                    <div class="field">
                    <label for="filter-reason">"Reason"</label>
                    <select id="filter-reason" name="reason">
                        <option value="" selected=reason.is_empty()>"Any reason"</option>
                        {FlagReason::ALL.iter().map(|r| view! {
                            <option value=r.as_str() selected=reason == r.as_str()>{r.label()}</option>
                        }).collect_view()}
                    </select>
                    </div>
                    <button type="submit" class="secondary">"Filter"</button>
                </form>
                {if data.items.is_empty() {
                    view! { <p class="empty">"Nothing waiting. Thank you for looking after people."</p> }.into_any()
                } else {
                    let items = data.items;
                    let can_suspend = data.can_suspend;
                    view! {
                        <ol class="queue">
                            <For
                                each=move || items.clone()
                                key=|item| decision_key(item.id, item)
                                children=move |item| view! { <QueueItem item claim unclaim take_over resolve can_suspend/> }
                            />
                        </ol>
                    }.into_any()
                }}
            }.into_any()
        }/>
    }
}

#[component]
fn QueueItem(
    item: QueueItemView,
    claim: ServerAction<ClaimItem>,
    unclaim: ServerAction<UnclaimItem>,
    take_over: ServerAction<TakeOverItem>,
    resolve: ServerAction<ResolveItem>,
    can_suspend: bool,
) -> impl IntoView {
    let value = Signal::derive(move || resolve.value().get());
    let id = item.id;
    let held = item.held;
    // One button per decision, named for what it does; nothing is chosen
    // until one is pressed.
    let decide = move |outcome: Outcome, detail: &str, secondary: bool| {
        let value = if detail.is_empty() {
            outcome.as_str().to_string()
        } else {
            format!("{}:{detail}", outcome.as_str())
        };
        view! {
            <button type="submit" name="outcome" value=value class:secondary=secondary data-outcome=outcome.as_str()>
                {outcome.label(held)}
            </button>
        }
    };
    let approve = match (held, item.contact.clone()) {
        // Approving a post held for contact details asks first, showing
        // what the filter found.
        (true, Some(explanation)) => view! {
            <details class="confirm-approve" data-testid="confirm-approve">
                <summary>"Approve: publish it…"</summary>
                <p>{format!("The filter found {}. Publishing shows it to everyone who can read the forum:", explanation.found.join(", "))}</p>
                <p class="contact-text">
                    {explanation.parts.into_iter().map(|(text, hit)| if hit {
                        view! { <mark data-testid="confirm-span">{text}</mark> }.into_any()
                    } else {
                        view! { <span>{text}</span> }.into_any()
                    }).collect_view()}
                </p>
                <button type="submit" name="outcome" class="secondary"
                    value=format!("{}:confirmed", Outcome::NoAction.as_str()) data-outcome="no_action">
                    "Yes, publish it as it is"
                </button>
            </details>
        }
        .into_any(),
        _ => decide(Outcome::NoAction, "", true).into_any(),
    };
    let badge_buttons = item
        .removable_badges
        .iter()
        .map(|badge| {
            let label = match badge {
                crate::model::Badge::Mentor => format!(
                    "{} (mentor of {})",
                    Outcome::HideAndRemoveBadge.label(held),
                    item.forum_name
                ),
                other => format!(
                    "{} ({})",
                    Outcome::HideAndRemoveBadge.label(held),
                    other.label()
                ),
            };
            view! {
                <button type="submit" name="outcome" class="secondary"
                    value=format!("{}:{}", Outcome::HideAndRemoveBadge.as_str(), badge.label())
                    data-outcome=format!("remove-{}", badge.label())>
                    {label}
                </button>
            }
        })
        .collect_view();
    view! {
        <li class="queue-item card" class:overdue=item.overdue data-testid="queue-item">
            <header class="queue-head">
                <span class="score" title="How many people reported it, and how much their reports weigh together">{item.reports_label()}</span>
                {item.overdue.then(|| view! { <span class="overdue-tag">"overdue"</span> })}
                {item.post_hidden.then(|| view! { <span class="hidden-tag">"post hidden"</span> })}
                {item.held.then(|| view! { <span class="held-tag">"held for approval"</span> })}
                {(item.escalation != crate::model::Escalation::None).then(|| view! {
                    <span class="escalated">{format!("escalated to {}", item.escalation.as_str())}</span>
                })}
                <When at=item.created_at/>
            </header>
            <p>"Post by " <UserName user=item.author.clone()/> {format!(" in {}", item.forum_name)}
                {format!(" · {} before", record_label(item.author_warnings, item.author_suspensions))}
                " · " <a href=format!("/p/{}", item.post_id) rel="external">"see it in context"</a>
            </p>
            {(!item.rules.is_empty()).then(|| view! {
                <p class="filter-rules">"Caught by the filters: " <strong>{item.rules.clone()}</strong></p>
            })}
            {match item.contact.clone() {
                Some(explanation) => view! { <ContactNote explanation for_author=false/> }.into_any(),
                None => view! { <blockquote class="snapshot">{item.snapshot.clone()}</blockquote> }.into_any(),
            }}
            <ul class="flags">
                {item.flags.iter().map(|f| view! {
                    <li><UserName user=f.flagger.clone()/>
                        {f.accuracy.map(|(agreed, disagreed)| view! {
                            <span class="accuracy" title="Their earlier reports that moderators agreed with">
                                {format!(" ({agreed} of {} reports agreed)", agreed + disagreed)}
                            </span>
                        })}
                        ": " <strong>{f.reason.label()}</strong>
                        {(!f.note.is_empty()).then(|| format!(" — “{}”", f.note))}
                    </li>
                }).collect_view()}
            </ul>
            {match item.claimed_by.clone() {
                Some(_) if item.claimed_by_me => view! {
                    // A div, not a p: a form inside a p is split by the
                    // HTML parser, and hydration would not match.
                    <div class="claimed">"You are handling this. "
                        <ActionForm action=unclaim attr:class="inline">
                            <input type="hidden" name="item_id" value=id/>
                            <button type="submit" class="secondary">"Let someone else take it"</button>
                        </ActionForm>
                    </div>
                }.into_any(),
                Some(by) => view! {
                    <div class="claimed">"Being handled by " <UserName user=by/>
                        {item.can_take_over.then(|| view! {
                            " "
                            <ActionForm action=take_over attr:class="inline">
                                <input type="hidden" name="item_id" value=id/>
                                <button type="submit" class="secondary">"Take over"</button>
                            </ActionForm>
                        })}
                    </div>
                }.into_any(),
                None => view! {
                    <ActionForm action=claim attr:class="inline">
                        <input type="hidden" name="item_id" value=id/>
                        <button type="submit" class="secondary">"Claim"</button>
                    </ActionForm>
                }.into_any(),
            }}
            <ActionForm action=resolve attr:class="resolve">
                <input type="hidden" name="item_id" value=id/>
                <label for=format!("note-{id}")>{if held {
                    "Note (goes on the record; shown to the author if you reject it; optional to approve)"
                } else {
                    "Note (goes on the record; shown to the author with a warning or an edit)"
                }}</label>
                <textarea id=format!("note-{id}") name="note" rows="3"></textarea>
                <FieldMessage message=Signal::derive(field_error(value, "note")) id="note-error"/>
                <div class="decisions" role="group" aria-label="Decide">
                    {if held {
                        view! {
                            {approve}
                            {decide(Outcome::HidePost, "", false)}
                            {decide(Outcome::HideAndWarn, "", false)}
                        }.into_any()
                    } else {
                        view! {
                            {decide(Outcome::HideAndWarn, "", false)}
                            {decide(Outcome::HidePost, "", true)}
                            {decide(Outcome::WarnAuthor, "", true)}
                            {approve}
                        }.into_any()
                    }}
                    <button type="submit" name="outcome" value="escalate" class="secondary" data-outcome="escalate">"Escalate"</button>
                </div>
                <FieldMessage message=Signal::derive(field_error(value, "outcome")) id="outcome-error"/>
                <FieldMessage message=Signal::derive(field_error(value, "confirm")) id="confirm-error"/>
                <details class="edit-body">
                    <summary>{if held { "Edit it, then publish" } else { "Edit the post (censor part of it)" }}</summary>
                    <label for=format!("body-{id}")>"The post as it should read (the edit goes into its history)"</label>
                    <textarea id=format!("body-{id}") name="new_body" rows="6">{rcdata(&item.current_source)}</textarea>
                    <FieldMessage message=Signal::derive(field_error(value, "new_body")) id="new-body-error"/>
                    <div class="decisions">
                        {decide(Outcome::EditPost, "", true)}
                        {decide(Outcome::EditAndWarn, "", true)}
                    </div>
                </details>
                {(can_suspend || !item.removable_badges.is_empty()).then(|| view! {
                    <details class="leader-actions">
                        <summary>"Suspend, or take a badge away"</summary>
                        {can_suspend.then(|| view! {
                            <label for=format!("until-{id}")>"Suspend until (empty: indefinitely)"</label>
                            <input id=format!("until-{id}") name="suspend_until" type="date"/>
                            <div class="decisions">
                                {decide(Outcome::HideAndSuspend, "", true)}
                                {decide(Outcome::SuspendAuthor, "", true)}
                            </div>
                        })}
                        <div class="decisions">{badge_buttons}</div>
                        <FieldMessage message=Signal::derive(field_error(value, "badge")) id="badge-error"/>
                    </details>
                })}
                <p class="form-error" role="alert">{form_error(value)}</p>
            </ActionForm>
        </li>
    }
}

/// "no warnings", "1 warning and 2 suspensions".
fn record_label(warnings: u64, suspensions: u64) -> String {
    let count = |n: u64, one: &str, many: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    };
    match (warnings, suspensions) {
        (0, 0) => "no warnings or suspensions".into(),
        (w, 0) => count(w, "warning", "warnings"),
        (0, s) => count(s, "suspension", "suspensions"),
        (w, s) => format!(
            "{} and {}",
            count(w, "warning", "warnings"),
            count(s, "suspension", "suspensions")
        ),
    }
}

/// Settled items the viewer could have handled, with the forums to filter
/// by; `forum` (an id) and `outcome` narrow the list.
#[server(prefix = "/fn", endpoint = "resolved")]
pub async fn resolved_items(
    forum: Option<String>,
    outcome: Option<String>,
) -> Result<(Vec<DecidedItemView>, Vec<(i32, String)>), AppError> {
    use crate::server::{request_viewer, services::moderation};
    let (state, viewer) = request_viewer().await?;
    let forum = forum.and_then(|f| f.parse::<i32>().ok());
    let outcome = outcome.as_deref().and_then(Outcome::parse);
    let items = moderation::resolved(&state.db, viewer.as_ref(), forum, outcome).await?;
    let forums = moderation::queue_forums(&state.db, viewer.as_ref()).await?;
    Ok((items, forums))
}

#[server(prefix = "/fn", endpoint = "reopen")]
pub async fn reopen_item(item_id: i32, note: String) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::moderation};
    let (state, viewer) = request_viewer().await?;
    moderation::reopen(&state.db, viewer.as_ref(), item_id, &note).await
}

/// What was decided, by whom and why; a leader may reopen a decision for
/// a day after it was made.
#[component]
pub fn ResolvedPage() -> impl IntoView {
    let query = use_query_map();
    let reopen = ServerAction::<ReopenItem>::new();
    let value = Signal::derive(move || reopen.value().get());
    let reopened = successes(reopen);
    let data = Resource::new(
        move || {
            (
                query.read().get("forum"),
                query.read().get("outcome"),
                reopened.get(),
            )
        },
        |(forum, outcome, _)| resolved_items(forum, outcome),
    );
    view! {
        <Title text="Resolved reports"/>
        <h1>"Resolved"</h1>
        <p class="queue-links"><a href="/queue">"Back to the queue"</a></p>
        <p class="form-error" role="alert">{form_error(value)}</p>
        <Loaded resource=data render=move |(items, forums)| {
            let forum = query.read_untracked().get("forum").unwrap_or_default();
            let outcome = query.read_untracked().get("outcome").unwrap_or_default();
            view! {
                <form method="get" action="/queue/resolved" class="queue-filter">
                    <div class="field">
                        <label for="resolved-forum">"Forum"</label>
                        <select id="resolved-forum" name="forum">
                            <option value="" selected=forum.is_empty()>"All forums"</option>
                            {forums.iter().map(|(id, name)| view! {
                                <option value=id.to_string() selected=forum == id.to_string()>{name.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="resolved-outcome">"Decision"</label>
                        <select id="resolved-outcome" name="outcome">
                            <option value="" selected=outcome.is_empty()>"Any decision"</option>
                            {Outcome::ALL.iter().map(|o| view! {
                                <option value=o.as_str() selected=outcome == o.as_str()>{o.label(false)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="secondary">"Filter"</button>
                </form>
                {if items.is_empty() {
                    view! { <p class="empty">"No decisions to show."</p> }.into_any()
                } else {
                    view! {
                        <ol class="queue">
                            <For each=move || items.clone() key=|item| decision_key(item.id, item) let:item>{{
                                let id = item.id;
                                view! {
                                    <li class="queue-item card" data-testid="decided-item">
                                        <header class="queue-head">
                                            <span class="score">{item.outcome.label(item.held)}</span>
                                            {item.decided_at.map(|at| view! { <When at/> })}
                                        </header>
                                        <p>"Post by " <UserName user=item.author.clone()/> {format!(" in {}", item.forum_name)}
                                            {format!(" · {}", match item.reports { 0 => "no reports".to_string(), 1 => "1 report".to_string(), n => format!("{n} reports") })}
                                            " · " <a href=format!("/p/{}", item.post_id) rel="external">"see it in context"</a>
                                        </p>
                                        <blockquote class="snapshot">{item.snapshot.clone()}</blockquote>
                                        <p class="decided-by">"Decided by "
                                            {item.decided_by.clone().map(|by| view! { <UserName user=by/> })}
                                            {(!item.note.is_empty()).then(|| format!(": “{}”", item.note))}
                                        </p>
                                        {item.can_reopen.then(|| view! {
                                            <details class="reopen">
                                                <summary>"Reopen"</summary>
                                                <ActionForm action=reopen>
                                                    <input type="hidden" name="item_id" value=id/>
                                                    <label for=format!("reopen-note-{id}")>"Why (goes on the record)"</label>
                                                    <textarea id=format!("reopen-note-{id}") name="note" rows="2"></textarea>
                                                    <FieldMessage message=Signal::derive(field_error(value, "note")) id="reopen-note-error"/>
                                                    <button type="submit">"Reopen it"</button>
                                                </ActionForm>
                                            </details>
                                        })}
                                    </li>
                                }
                            }}</For>
                        </ol>
                    }.into_any()
                }}
            }.into_any()
        }/>
    }
}

#[server(prefix = "/fn", endpoint = "appeals")]
pub async fn open_appeals() -> Result<Vec<AppealView>, AppError> {
    use crate::server::{request_viewer, services::appeals};
    let (state, viewer) = request_viewer().await?;
    appeals::open(&state.db, viewer.as_ref()).await
}

/// `decision`: uphold | reverse.
#[server(prefix = "/fn", endpoint = "decide_appeal")]
pub async fn decide_appeal(appeal_id: i32, decision: String, note: String) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::appeals};
    let (state, viewer) = request_viewer().await?;
    let reverse = match decision.as_str() {
        "reverse" => true,
        "uphold" => false,
        _ => return Err(AppError::field("decision", "Uphold or reverse it.")),
    };
    appeals::decide(&state.db, viewer.as_ref(), appeal_id, reverse, &note).await
}

/// Appeals against warnings and suspensions, for leaders and staff other
/// than the person who issued each one.
#[component]
pub fn AppealsPage() -> impl IntoView {
    let decide = ServerAction::<DecideAppeal>::new();
    let value = Signal::derive(move || decide.value().get());
    let list = Resource::new(move || decide.version().get(), |_| open_appeals());
    view! {
        <Title text="Appeals"/>
        <h1>"Appeals"</h1>
        <p><a href="/queue">"Back to the queue"</a></p>
        <p class="form-error" role="alert">{form_error(value)}</p>
        <Loaded resource=list render=move |items| {
            if items.is_empty() {
                view! { <p class="empty">"No appeals waiting for you."</p> }.into_any()
            } else {
                view! {
                    <ul class="appeals">
                        <For each=move || items.clone() key=|a| decision_key(a.id, a) let:a>
                            <li class="card" data-testid="appeal">
                                <h2><UserName user=a.appellant.clone()/> {format!(" appeals: {}", a.kind.label())}</h2>
                                <p>"Issued by " <UserName user=a.issued_by.clone()/> ": " {a.sanction_reason.clone()}</p>
                                {a.until.map(|u| view! { <p>"Until " <When at=u/></p> })}
                                {a.post_id.map(|p| view! { <p><a href=format!("/p/{p}") rel="external">"The post it was about"</a></p> })}
                                <blockquote>{a.body.clone()}</blockquote>
                                <ActionForm action=decide>
                                    <input type="hidden" name="appeal_id" value=a.id/>
                                    <fieldset>
                                        <legend>"Decision"</legend>
                                        <label><input type="radio" name="decision" value="uphold" checked=true/>" Uphold it"</label>
                                        <label><input type="radio" name="decision" value="reverse"/>" Reverse it"</label>
                                    </fieldset>
                                    <label for=format!("appeal-note-{}", a.id)>"Note to the person"</label>
                                    <textarea id=format!("appeal-note-{}", a.id) name="note" rows="3"></textarea>
                                    <FieldMessage message=Signal::derive(field_error(value, "note")) id="appeal-note-error"/>
                                    <button type="submit">"Decide"</button>
                                </ActionForm>
                            </li>
                        </For>
                    </ul>
                }.into_any()
            }
        }/>
    }
}

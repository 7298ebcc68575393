//! Private messages: the inbox (`/messages`), a conversation
//! (`/messages/{id}`), a new one (`/messages/new?to=NAME`), and the
//! block and "who may write to me" controls on profiles and the account
//! page. What may happen is decided by `services::messages` and
//! `permissions.rs`; these are thin adapters.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{
    ContactNote, FieldMessage, Loaded, ReportFields, UserName, When, at_risk_help, decision_key,
    field_error, form_error, rcdata, successes,
};
use crate::error::AppError;
use crate::model::{
    ConversationPage, EarlierMessage, FlagReason, HeldMessageView, InboxPage, MessagePolicy,
    MessageView, Outcome, ReportedMessageView, UserSummary,
};

#[server(prefix = "/fn", endpoint = "inbox")]
pub async fn inbox(before: Option<String>) -> Result<InboxPage, AppError> {
    use crate::server::{request_viewer, services::messages};
    let (state, viewer) = request_viewer().await?;
    messages::inbox_page(&state.db, viewer.as_ref(), before.as_deref()).await
}

#[server(prefix = "/fn", endpoint = "conversation")]
pub async fn conversation(id: i32, before: Option<i32>) -> Result<ConversationPage, AppError> {
    use crate::server::{request_viewer, services::messages};
    let (state, viewer) = request_viewer().await?;
    messages::conversation(&state.db, viewer.as_ref(), id, before).await
}

/// Starts a conversation; its page follows.
#[server(prefix = "/fn", endpoint = "start_conversation")]
pub async fn start_conversation(to: String, body: String) -> Result<i32, AppError> {
    use crate::server::{request_viewer, services::messages};
    let (state, viewer) = request_viewer().await?;
    let id = messages::start(&state.db, &state.messaging, viewer.as_ref(), &[to], &body).await?;
    leptos_axum::redirect(&format!("/messages/{id}"));
    Ok(id)
}

#[server(prefix = "/fn", endpoint = "send_message")]
pub async fn send_message(conversation_id: i32, body: String) -> Result<MessageView, AppError> {
    use crate::server::{request_viewer, services::messages};
    let (state, viewer) = request_viewer().await?;
    messages::send(&state.db, viewer.as_ref(), conversation_id, &body).await
}

/// Saves an edit of one's message, made from `version`.
#[server(prefix = "/fn", endpoint = "edit_message")]
pub async fn edit_message(
    message_id: i32,
    version: i32,
    body: String,
) -> Result<MessageView, AppError> {
    use crate::server::{request_viewer, services::messages};
    let (state, viewer) = request_viewer().await?;
    messages::edit(&state.db, viewer.as_ref(), message_id, version, &body).await
}

#[server(prefix = "/fn", endpoint = "report_message")]
pub async fn report_message(
    message_id: i32,
    reason: Option<String>,
    note: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::moderation};
    let (state, viewer) = request_viewer().await?;
    let reason: FlagReason = AppError::parse_field("reason", reason.as_deref().unwrap_or(""))?;
    moderation::report_message(
        &state.db,
        &state.moderation,
        viewer.as_ref(),
        message_id,
        reason,
        note.as_deref().unwrap_or(""),
    )
    .await
}

#[server(prefix = "/fn", endpoint = "leave_conversation")]
pub async fn leave_conversation(conversation_id: i32) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::messages};
    let (state, viewer) = request_viewer().await?;
    messages::leave(&state.db, viewer.as_ref(), conversation_id).await?;
    leptos_axum::redirect("/messages");
    Ok(())
}

#[server(prefix = "/fn", endpoint = "block_person")]
pub async fn block_person(name: String) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::messages};
    let (state, viewer) = request_viewer().await?;
    messages::block(&state.db, viewer.as_ref(), &name).await
}

#[server(prefix = "/fn", endpoint = "unblock_person")]
pub async fn unblock_person(name: String) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::messages};
    let (state, viewer) = request_viewer().await?;
    messages::unblock(&state.db, viewer.as_ref(), &name).await
}

#[server(prefix = "/fn", endpoint = "blocked_people")]
pub async fn blocked_people() -> Result<Vec<UserSummary>, AppError> {
    use crate::server::{request_viewer, services::messages};
    let (state, viewer) = request_viewer().await?;
    messages::blocked(&state.db, viewer.as_ref()).await
}

#[server(prefix = "/fn", endpoint = "message_policy")]
pub async fn my_message_policy() -> Result<MessagePolicy, AppError> {
    use crate::server::{request_viewer, services::messages};
    let (state, viewer) = request_viewer().await?;
    messages::policy(&state.db, viewer.as_ref()).await
}

#[server(prefix = "/fn", endpoint = "set_message_policy")]
pub async fn set_message_policy(policy: String) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::messages};
    let (state, viewer) = request_viewer().await?;
    let policy: MessagePolicy = AppError::parse_field("policy", &policy)?;
    messages::set_policy(&state.db, viewer.as_ref(), policy).await
}

/// `/messages`
#[component]
pub fn MessagesPage() -> impl IntoView {
    let query = use_query_map();
    let list = Resource::new(move || query.read().get("before"), inbox);
    view! {
        <Title text="Messages"/>
        <div class="page-head">
            <h1>"Messages"</h1>
            <a class="button" href="/messages/new">"New message"</a>
        </div>
        <p class="hint">"Private conversations. The same rules apply as in the forums: contact details are not allowed. A conversation with a teen is supervised by the teen forums' mentors. You can block anyone from their profile."</p>
        <Loaded resource=list render=move |page: InboxPage| {
            if page.conversations.is_empty() {
                return view! { <p class="empty">"No conversations yet."</p> }.into_any();
            }
            let next = page.next.clone();
            view! {
                <ul class="conversations">
                    {page.conversations.into_iter().map(|c| {
                        let names = c.people.iter().map(|p| p.username.clone()).collect::<Vec<_>>().join(", ");
                        let unread = c.unread > 0;
                        let label = if c.unread > 0 {
                            format!("Conversation with {names}, {} unread", c.unread)
                        } else {
                            format!("Conversation with {names}")
                        };
                        view! {
                            <li class="card conversation-row" data-testid="conversation-row" class:unread=unread>
                                <a href=format!("/messages/{}", c.id) aria-label=label>
                                    <strong>{if names.is_empty() { "Only you".to_string() } else { names }}</strong>
                                </a>
                                {(c.unread > 0).then(|| view! {
                                    <span class="badge-count" data-testid="conversation-unread">{c.unread}</span>
                                })}
                                {c.supervised.then(|| view! { <span class="tag">"supervised"</span> })}
                                <p class="excerpt">{c.excerpt.clone()}</p>
                                <p class="meta"><When at=c.last_message_at/></p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {next.map(|before| view! {
                    <p><a href=format!("/messages?before={before}") data-testid="older-conversations">"Older conversations"</a></p>
                })}
            }.into_any()
        }/>
    }
}

/// `/messages/new?to=NAME`
#[component]
pub fn NewMessagePage() -> impl IntoView {
    let query = use_query_map();
    let to = move || query.read().get("to").unwrap_or_default();
    let action = ServerAction::<StartConversation>::new();
    let value = Signal::derive(move || action.value().get());
    view! {
        <Title text="New message"/>
        <section class="card">
            <h1>"New message"</h1>
            <ActionForm action=action>
                <p class="form-error" role="alert" data-testid="message-error">{form_error(value)}</p>
                <label for="message-to">"To"</label>
                <input id="message-to" name="to" value=to required aria-describedby="to-hint to-error"/>
                <p class="hint" id="to-hint">"One name, or up to ten separated by commas."</p>
                <FieldMessage message=Signal::derive(field_error(value, "to")) id="to-error"/>
                <label for="message-body">"Message"</label>
                <textarea id="message-body" name="body" rows="6" required aria-describedby="body-error"></textarea>
                <FieldMessage message=Signal::derive(field_error(value, "body")) id="body-error"/>
                <button type="submit" disabled=move || action.pending().get()>"Send"</button>
            </ActionForm>
        </section>
    }
}

/// `/messages/{id}`
#[component]
pub fn ConversationPageView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|i| i.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let send = ServerAction::<SendMessage>::new();
    let leave = ServerAction::<LeaveConversation>::new();
    let sent = successes(send);
    // Raised by each saved edit, so the page shows the new version.
    let edited = RwSignal::new(0usize);
    let value = Signal::derive(move || send.value().get());
    let page = Resource::new(
        move || {
            (
                id(),
                query
                    .read()
                    .get("before")
                    .and_then(|b| b.parse::<i32>().ok()),
                sent.get(),
                edited.get(),
            )
        },
        |(id, before, _, _)| conversation(id, before),
    );
    view! {
        <Title text="Conversation"/>
        <Loaded resource=page render=move |c: ConversationPage| {
            let names = c.people.iter().map(|p| p.username.clone()).collect::<Vec<_>>().join(", ");
            view! {
                <h1>{format!("Conversation with {}", if names.is_empty() { "nobody else".to_string() } else { names })}</h1>
                <p class="people">{c.people.iter().map(|p| view! { <span class="person"><UserName user=p.clone()/></span> }).collect_view()}</p>
                {c.reviewing.then(|| view! {
                    <p class="notice" data-testid="reviewing">"You can read this conversation because a message in it was reported and the report is open. Your reading is recorded in the audit log. Decide on the report from the held and reported messages page."</p>
                })}
                {c.supervised.then(|| view! {
                    <p class="notice" data-testid="supervised">"This conversation includes a teen, so the teen forums' mentors and our leaders can read it. Contact details are never allowed here."</p>
                })}
                {c.older.map(|before| view! {
                    <p><a href=format!("/messages/{}?before={before}", c.id)>"Older messages"</a></p>
                })}
                <ol class="messages">
                    {c.messages.iter().map(|m| view! {
                        <li class="card message" data-testid="message" class:pending=m.pending>
                            <p class="meta"><UserName user=m.author.clone()/> " · " <When at=m.created_at/>
                                {m.hidden.then(|| view! { " · " <span class="hidden-tag">"hidden by a moderator"</span> })}
                            </p>
                            {m.pending.then(|| view! {
                                <p class="notice" data-testid="message-pending">"Waiting for a moderator: it may contain contact details. Only you can see it until then."</p>
                            })}
                            {m.rejected.then(|| view! {
                                <p class="notice" data-testid="message-rejected">"Not delivered: a moderator kept it back because it seemed to share contact details. Only you can see it."</p>
                            })}
                            <div class="post-body" inner_html=m.body_html.clone()></div>
                            {m.edited_at.map(|at| view! { <EarlierVersions at earlier=m.earlier.clone()/> })}
                            {m.can_edit.then(|| view! {
                                <MessageEditor message_id=m.id version=m.version
                                    source=m.source.clone().unwrap_or_default() edited/>
                            })}
                            {(!m.mine && !m.pending && !c.supervising && !c.reviewing).then(|| view! {
                                <MessageFlag message_id=m.id/>
                            })}
                        </li>
                    }).collect_view()}
                </ol>
                {(!c.supervising && !c.reviewing).then(|| view! {
                    <ActionForm action=send attr:class="card reply-box">
                        <input type="hidden" name="conversation_id" value=c.id/>
                        <label for="message-body">"Your message"</label>
                        <textarea id="message-body" name="body" rows="4" required aria-describedby="body-error"></textarea>
                        <FieldMessage message=Signal::derive(field_error(value, "body")) id="body-error"/>
                        <p class="form-error" role="alert" data-testid="message-error">{form_error(value)}</p>
                        <button type="submit" disabled=move || send.pending().get()>"Send"</button>
                    </ActionForm>
                    <ActionForm action=leave attr:class="inline">
                        <input type="hidden" name="conversation_id" value=c.id/>
                        <button type="submit" class="secondary">"Leave this conversation"</button>
                    </ActionForm>
                })}
            }
        }/>
    }
}

/// "edited", opening the message's earlier versions, newest first.
#[component]
fn EarlierVersions(
    at: chrono::DateTime<chrono::Utc>,
    earlier: Vec<EarlierMessage>,
) -> impl IntoView {
    view! {
        <details class="message-versions" data-testid="message-edited">
            <summary>"edited " <When at/></summary>
            <ol>
                {earlier.into_iter().map(|e| view! {
                    <li>
                        <p class="meta">{format!("Version {} · ", e.version)} <When at=e.written_at/></p>
                        // Sanitised by ammonia when that version was written.
                        <div class="post-body" inner_html=e.body_html></div>
                    </li>
                }).collect_view()}
            </ol>
        </details>
    }
}

/// Edit one's message: the text as typed, saved as a new version (the old
/// one stays readable). A refused edit keeps the text in the form.
#[component]
fn MessageEditor(
    message_id: i32,
    version: i32,
    source: String,
    edited: RwSignal<usize>,
) -> impl IntoView {
    let action = ServerAction::<EditMessage>::new();
    let value = Signal::derive(move || action.value().get());
    let saved = successes(action);
    Effect::new(move |_| {
        if saved.get() > 0 {
            edited.update(|n| *n += 1);
        }
    });
    let body_id = format!("edit-message-{message_id}");
    view! {
        <details class="message-edit">
            <summary>"Edit"</summary>
            <ActionForm action=action attr:class="edit-form">
                <input type="hidden" name="message_id" value=message_id/>
                <input type="hidden" name="version" value=version/>
                <label for=body_id.clone()>"Edit your message"</label>
                <textarea id=body_id name="body" rows="4" required>{rcdata(&source)}</textarea>
                <FieldMessage message=Signal::derive(field_error(value, "body")) id=format!("edit-message-{message_id}-error")/>
                <p class="form-error" role="alert" data-testid="edit-error">{form_error(value)}</p>
                <button type="submit" disabled=move || action.pending().get()>"Save"</button>
            </ActionForm>
        </details>
    }
}

/// The Flag under a message: the same reasons as for posts; the report
/// goes to global leaders and staff with the messages around it.
#[component]
fn MessageFlag(message_id: i32) -> impl IntoView {
    let action = ServerAction::<ReportMessage>::new();
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
                        <input type="hidden" name="message_id" value=message_id/>
                        <ReportFields id_prefix=format!("flag-message-{message_id}") legend="Why are you reporting this message?"
                            note_label="Anything leaders should know? (optional, required for “Something else”)"
                            value reason/>
                    </ActionForm>
                }
            >
                <p class="notice" role="status" data-testid="message-reported">
                    "Thank you. We received your report: a global leader or staff member will read this message and the few around it, and you will hear what happened. You can also block this person from their profile. "
                    <a href="/help/reports">"What happens next"</a>
                </p>
                {move || (reason.get() == Some(FlagReason::AtRisk)).then(at_risk_help)}
            </Show>
        </details>
    }
}

/// On a profile: write to the person, or block or unblock them.
#[component]
pub fn ProfileMessaging(name: String) -> impl IntoView {
    let block = ServerAction::<BlockPerson>::new();
    let unblock = ServerAction::<UnblockPerson>::new();
    let blocked = Resource::new(
        move || (block.version().get(), unblock.version().get()),
        |_| blocked_people(),
    );
    let target = name.clone();
    view! {
        <Loaded resource=blocked render=move |list| {
            let is_blocked = list.iter().any(|u| u.username.eq_ignore_ascii_case(&target));
            let name = target.clone();
            view! {
                <section class="card profile-actions" aria-label="Private messages">
                    {(!is_blocked).then(|| view! {
                        <a class="button" href=format!("/messages/new?to={name}")>"Message"</a>
                    })}
                    {if is_blocked {
                        view! {
                            <ActionForm action=unblock attr:class="inline">
                                <input type="hidden" name="name" value=name.clone()/>
                                <p data-testid="blocked-note">"You blocked this person: they cannot write to you and their mentions do not reach you."</p>
                                <button type="submit" class="secondary">"Unblock"</button>
                            </ActionForm>
                        }.into_any()
                    } else {
                        view! {
                            <ActionForm action=block attr:class="inline">
                                <input type="hidden" name="name" value=name.clone()/>
                                <button type="submit" class="secondary">"Block"</button>
                            </ActionForm>
                        }.into_any()
                    }}
                </section>
            }
        }/>
    }
}

/// The account page's section: who may start a conversation, and the
/// people blocked.
#[component]
pub fn MessagingSettings() -> impl IntoView {
    let set = ServerAction::<SetMessagePolicy>::new();
    let unblock = ServerAction::<UnblockPerson>::new();
    let set_value = Signal::derive(move || set.value().get());
    let policy = Resource::new(move || set.version().get(), |_| my_message_policy());
    let blocked = Resource::new(move || unblock.version().get(), |_| blocked_people());
    view! {
        <section class="card" id="messages" aria-labelledby="messages-title">
            <h2 id="messages-title">"Private messages"</h2>
            <Loaded resource=policy render=move |current: MessagePolicy| view! {
                <ActionForm action=set>
                    <label for="message-policy">"Who can start a conversation with you"</label>
                    <select id="message-policy" name="policy">
                        {MessagePolicy::ALL.iter().map(|p| view! {
                            <option value=p.as_str() selected=*p == current>{p.label()}</option>
                        }).collect_view()}
                    </select>
                    <p class="form-error" role="alert">{form_error(set_value)}</p>
                    <button type="submit">"Save"</button>
                    {move || matches!(set_value.get(), Some(Ok(()))).then(|| view! {
                        <p class="notice" data-testid="policy-saved">"Saved."</p>
                    })}
                </ActionForm>
            }/>
            <h3>"People you blocked"</h3>
            <Loaded resource=blocked render=move |list| {
                if list.is_empty() {
                    return view! { <p class="empty">"Nobody."</p> }.into_any();
                }
                view! {
                    <ul class="blocked-list">
                        {list.into_iter().map(|u| view! {
                            <li>
                                <UserName user=u.clone()/>
                                <ActionForm action=unblock attr:class="inline">
                                    <input type="hidden" name="name" value=u.username.clone()/>
                                    <button type="submit" class="secondary">"Unblock"</button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }/>
        </section>
    }
}

#[server(prefix = "/fn", endpoint = "held_messages")]
pub async fn held_messages() -> Result<Vec<HeldMessageView>, AppError> {
    use crate::server::{request_viewer, services::messages};
    let (state, viewer) = request_viewer().await?;
    messages::held(&state.db, viewer.as_ref()).await
}

/// `decision` is `approve` or `reject` (the button pressed).
#[server(prefix = "/fn", endpoint = "decide_message")]
pub async fn decide_message(message_id: i32, decision: String) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::messages};
    let (state, viewer) = request_viewer().await?;
    let approve = match decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::field("decision", "Choose deliver or keep back.")),
    };
    messages::decide_held(&state.db, viewer.as_ref(), message_id, approve).await
}

#[server(prefix = "/fn", endpoint = "reported_messages")]
pub async fn reported_messages() -> Result<Vec<ReportedMessageView>, AppError> {
    use crate::server::{request_viewer, services::moderation};
    let (state, viewer) = request_viewer().await?;
    moderation::reported_messages(&state.db, viewer.as_ref()).await
}

/// `outcome`: one of the `Outcome` values (no edits), a badge removal as
/// `hide_and_remove_badge:listener` or `:mentor`. `suspend_until`:
/// YYYY-MM-DD, empty for indefinitely.
#[server(prefix = "/fn", endpoint = "resolve_message_report")]
pub async fn resolve_message_report(
    message_id: i32,
    outcome: Option<String>,
    note: String,
    suspend_until: Option<String>,
) -> Result<(), AppError> {
    use crate::model::Badge;
    use crate::server::{
        request_viewer,
        services::moderation::{self, Resolution},
    };
    let (state, viewer) = request_viewer().await?;
    let outcome = outcome.unwrap_or_default();
    let (outcome, detail) = outcome.split_once(':').unwrap_or((outcome.as_str(), ""));
    if outcome.is_empty() {
        return Err(AppError::field(
            "outcome",
            "Choose what to do: nothing happens until you do.",
        ));
    }
    let outcome: Outcome = AppError::parse_field("outcome", outcome)?;
    let resolution = Resolution {
        suspend_until: AppError::end_of_day("suspend_until", suspend_until.as_deref())?,
        badge: Badge::removable(detail),
        ..Resolution::new(outcome, note)
    };
    moderation::resolve_message(&state.db, viewer.as_ref(), message_id, resolution).await
}

/// One reported message: its reports, the snapshot, and one button per
/// decision.
#[component]
fn ReportedMessage(
    item: ReportedMessageView,
    resolve: ServerAction<ResolveMessageReport>,
) -> impl IntoView {
    let value = Signal::derive(move || resolve.value().get());
    let decide = |outcome: Outcome, detail: &str, label: String, secondary: bool| {
        let value = if detail.is_empty() {
            outcome.as_str().to_string()
        } else {
            format!("{}:{detail}", outcome.as_str())
        };
        view! {
            <button type="submit" name="outcome" value=value.clone() class:secondary=secondary data-outcome=value>
                {label}
            </button>
        }
    };
    let simple = [
        Outcome::HidePost,
        Outcome::HideAndWarn,
        Outcome::HideAndSuspend,
        Outcome::WarnAuthor,
    ];
    let id = item.message_id;
    view! {
        <li class="card queue-item" data-testid="reported-message">
            <header class="queue-head">
                {if item.by_filter {
                    view! { <span class="held-tag">"reported by the filters"</span> }.into_any()
                } else {
                    view! { <span class="score">{match item.reports.len() { 1 => "1 report".to_string(), n => format!("{n} reports") }}</span> }.into_any()
                }}
                {item.hidden.then(|| view! { <span class="hidden-tag">"message hidden"</span> })}
                <When at=item.created_at/>
            </header>
            <p>"Private message by " <UserName user=item.author.clone()/>
                {(!item.to.is_empty()).then(|| format!(" to {}", item.to.join(", ")))}
                {item.refused.then_some(" · refused by a filter, never delivered")}
                " · " <a href=format!("/messages/{}", item.conversation_id) data-testid="read-conversation">"read the conversation (recorded in the audit log)"</a>
            </p>
            <ul class="flags">
                {item.reports.iter().map(|r| view! {
                    <li>
                        {match r.reporter.clone() {
                            Some(user) => view! { <UserName user/> }.into_any(),
                            None => view! { <span>"The filters"</span> }.into_any(),
                        }}
                        ": " <strong>{r.reason.label()}</strong>
                        {(!r.note.is_empty()).then(|| format!(" — “{}”", r.note))}
                    </li>
                }).collect_view()}
            </ul>
            {item.contact.clone().map(|explanation| view! { <ContactNote explanation for_author=false/> })}
            <ol class="snapshot messages" aria-label="The message and the messages around it, when reported">
                {item.snapshot.iter().map(|m| view! {
                    <li class="message" class:reported=m.reported data-testid="snapshot-message">
                        <p class="meta"><strong>{m.author.clone()}</strong> " · " <When at=m.created_at/>
                            {m.reported.then(|| view! { " · " <mark>"reported"</mark> })}
                        </p>
                        <div class="post-body" inner_html=m.body_html.clone()></div>
                    </li>
                }).collect_view()}
            </ol>
            <ActionForm action=resolve attr:class="decision">
                <input type="hidden" name="message_id" value=id/>
                <label for=format!("message-note-{id}")>"Note (goes on the record; the author sees it with a warning or suspension)"</label>
                <textarea id=format!("message-note-{id}") name="note" rows="2"></textarea>
                <FieldMessage message=Signal::derive(field_error(value, "note")) id="resolve-note-error"/>
                <label for=format!("message-until-{id}")>"Suspend until (for a suspension; empty: until further notice)"</label>
                <input type="date" id=format!("message-until-{id}") name="suspend_until"/>
                <div class="decision-buttons">
                    {decide(Outcome::NoAction, "", Outcome::NoAction.label(false).to_string(), true)}
                    {simple.into_iter().map(|o| decide(o, "", o.label(false).to_string(), false)).collect_view()}
                    {item.author_mentors_teens.then(|| decide(
                        Outcome::HideAndRemoveBadge,
                        "mentor",
                        "Hide and remove the badge (mentor of teen forums)".to_string(),
                        true,
                    ))}
                    {item.author_is_listener.then(|| decide(
                        Outcome::HideAndRemoveBadge,
                        "listener",
                        "Hide and remove the badge (listener)".to_string(),
                        true,
                    ))}
                </div>
                <FieldMessage message=Signal::derive(field_error(value, "outcome")) id="resolve-outcome-error"/>
            </ActionForm>
        </li>
    }
}

/// `/queue/messages`: private messages for leaders and staff: those
/// reported (with the few around them), and those a filter holds (each
/// alone: the conversation stays private).
#[component]
pub fn HeldMessagesPage() -> impl IntoView {
    let decide = ServerAction::<DecideMessage>::new();
    let resolve = ServerAction::<ResolveMessageReport>::new();
    let list = Resource::new(move || decide.version().get(), |_| held_messages());
    let reported = Resource::new(move || resolve.version().get(), |_| reported_messages());
    view! {
        <Title text="Private messages to review"/>
        <h1>"Private messages to review"</h1>
        <h2>"Reported"</h2>
        <p class="hint">"People reported these messages, or a filter refused contact details sent to a teen. You see each with the few messages around it, as they were when reported; while a report is open you can read the whole conversation, and every read is recorded in the audit log."</p>
        <p class="form-error" role="alert">{form_error(Signal::derive(move || resolve.value().get()))}</p>
        <Loaded resource=reported render=move |items| {
            if items.is_empty() {
                return view! { <p class="empty">"No reported private message."</p> }.into_any();
            }
            view! {
                <ul class="reported-messages">
                    <For each=move || items.clone() key=|item| decision_key(item.message_id, item) let:item>
                        <ReportedMessage item resolve/>
                    </For>
                </ul>
            }.into_any()
        }/>
        <h2>"Held by a filter"</h2>
        <p class="hint">"A filter held these because they may share contact details. You see each message alone, never the rest of the conversation. Deliver it if it is fine; otherwise only its author keeps seeing it."</p>
        <p class="form-error" role="alert">{form_error(Signal::derive(move || decide.value().get()))}</p>
        <Loaded resource=list render=move |items| {
            if items.is_empty() {
                return view! { <p class="empty">"No private message is waiting."</p> }.into_any();
            }
            view! {
                <ul class="held-messages">
                    <For each=move || items.clone() key=|m| decision_key(m.id, m) let:m>
                        <li class="card" data-testid="held-message">
                            <p class="meta"><UserName user=m.author.clone()/> " · " <When at=m.created_at/> " · " {m.rules.clone()}</p>
                            {match m.explanation.clone() {
                                Some(explanation) => view! { <ContactNote explanation for_author=false/> }.into_any(),
                                None => view! { <div class="post-body" inner_html=m.body_html.clone()></div> }.into_any(),
                            }}
                            <ActionForm action=decide attr:class="decision">
                                <input type="hidden" name="message_id" value=m.id/>
                                <button type="submit" name="decision" value="approve">"Deliver"</button>
                                <button type="submit" name="decision" value="reject" class="secondary">"Keep back"</button>
                            </ActionForm>
                        </li>
                    </For>
                </ul>
            }.into_any()
        }/>
    }
}

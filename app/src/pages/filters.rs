//! The safety filters page: staff write phrase rules and set the contact
//! rule's action per scope; global leaders and staff review what the
//! filters did, with each text as its author typed it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{FieldMessage, Loaded, UserName, When, field_error, form_error, successes};
use crate::error::AppError;
use crate::model::{FilterEventView, FilterRuleView, FiltersPage as FiltersData};

#[server(prefix = "/fn", endpoint = "filters")]
pub async fn filters_page() -> Result<FiltersData, AppError> {
    use crate::server::{request_viewer, services::filters};
    let (state, viewer) = request_viewer().await?;
    filters::page(&state.db, viewer.as_ref()).await
}

/// `kind`: phrase | contact. `forum`: a forum id, empty for every forum.
#[server(prefix = "/fn", endpoint = "create_filter_rule")]
pub async fn create_filter_rule(
    kind: String,
    pattern: Option<String>,
    action: String,
    forum: Option<String>,
    message: Option<String>,
) -> Result<i32, AppError> {
    use crate::model::FilterAction;
    use crate::server::{
        request_viewer,
        services::filters::{self, NewRule},
    };
    let (state, viewer) = request_viewer().await?;
    let action: FilterAction = AppError::parse_field("action", &action)?;
    let messages_only = forum.as_deref().map(str::trim) == Some("messages");
    let forum_id = match forum.as_deref().map(str::trim) {
        None | Some("") | Some("messages") => None,
        Some(id) => Some(
            id.parse::<i32>()
                .map_err(|_| AppError::field("forum", "Choose a forum, or every forum."))?,
        ),
    };
    filters::create_rule(
        &state.db,
        viewer.as_ref(),
        NewRule {
            pattern: pattern.unwrap_or_default(),
            is_contact: kind == "contact",
            action,
            forum_id,
            messages_only,
            message: message.unwrap_or_default(),
        },
    )
    .await
}

#[server(prefix = "/fn", endpoint = "delete_filter_rule")]
pub async fn delete_filter_rule(rule_id: i32) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::filters};
    let (state, viewer) = request_viewer().await?;
    filters::delete_rule(&state.db, viewer.as_ref(), rule_id).await
}

const ACTIONS: [(&str, &str); 4] = [
    (
        "hold",
        "Hold for approval (waits in the queue; its author sees it pending)",
    ),
    (
        "block",
        "Block (refused with your message; the author keeps their text)",
    ),
    ("flag", "Flag (published, and put in the queue)"),
    ("censor", "Censor (published with the match masked)"),
];

#[component]
pub fn FiltersPage() -> impl IntoView {
    let create = ServerAction::<CreateFilterRule>::new();
    let delete = ServerAction::<DeleteFilterRule>::new();
    let created = successes(create);
    let data = Resource::new(
        move || (created.get(), delete.version().get()),
        |_| filters_page(),
    );
    // The form is built once, so a refused rule keeps what staff typed.
    let form_data = Resource::new(|| (), |_| filters_page());
    view! {
        <Title text="Safety filters"/>
        <h1>"Safety filters"</h1>
        <p>"Filters run on every new post and edit, title and body, before anything is published. "
           "Haven ships no word list: a single word is never a rule unless you write one, so people can talk about sex, abuse and self-harm when they need to."</p>
        <Loaded resource=form_data render=move |data| {
            data.can_manage.then(|| view! { <RuleForm forums=data.forums.clone() create/> })
        }/>
        <p class="form-error" role="alert">{form_error(Signal::derive(move || delete.value().get()))}</p>
        <Loaded resource=data render=move |data| view! {
            {data.can_manage.then(|| view! {
                <section class="card">
                    <h2>"Rules"</h2>
                    <p>{format!(
                        "Contact details (phones, e-mail, addresses, other apps, invitations off-site) are caught by a built-in rule: “{}” by default, “{}” in teen forums. A contact rule below changes that for its scope; one for a single forum wins over one for every forum, and one for private messages only wins there (a conversation with a teen always blocks contact details).",
                        data.contact_default, data.contact_teen_default
                    )}</p>
                    {if data.rules.is_empty() {
                        view! { <p class="empty">"No rules yet."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="rules">
                                {data.rules.into_iter().map(|rule| view! { <RuleRow rule delete/> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            })}
            <section class="card">
                <h2>"What the filters did"</h2>
                <p>"The most recent automatic actions, with each text exactly as its author typed it: blocked posts are kept only here."</p>
                {if data.events.is_empty() {
                    view! { <p class="empty">"Nothing yet."</p> }.into_any()
                } else {
                    view! {
                        <ol class="filter-events">
                            {data.events.into_iter().map(|event| view! { <EventRow event/> }).collect_view()}
                        </ol>
                    }.into_any()
                }}
            </section>
        }/>
    }
}

#[component]
fn RuleForm(forums: Vec<(i32, String)>, create: ServerAction<CreateFilterRule>) -> impl IntoView {
    let value = Signal::derive(move || create.value().get());
    view! {
        <section class="card">
            <h2>"Add a rule"</h2>
            <ActionForm action=create attr:class="rule-form">
                <fieldset>
                    <legend>"Kind"</legend>
                    <label><input type="radio" name="kind" value="phrase" checked=true/>" A phrase or /regular expression/"</label>
                    <label><input type="radio" name="kind" value="contact"/>" The contact rule (set its action for a scope)"</label>
                </fieldset>
                <label for="rule-pattern">"Phrase (matched as whole words, through spacing and look-alike letters), or /regex/"</label>
                <input id="rule-pattern" name="pattern" type="text"/>
                <FieldMessage message=Signal::derive(field_error(value, "pattern")) id="pattern-error"/>
                <label for="rule-action">"Action"</label>
                <select id="rule-action" name="action">
                    {ACTIONS.iter().map(|(value, label)| view! { <option value=*value>{*label}</option> }).collect_view()}
                </select>
                <label for="rule-forum">"Where"</label>
                <select id="rule-forum" name="forum">
                    <option value="">"Every forum (and private messages)"</option>
                    <option value="messages">"Private messages only"</option>
                    {forums.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
                <FieldMessage message=Signal::derive(field_error(value, "forum_id")) id="forum-error"/>
                <label for="rule-message">"Message shown when it blocks a post (optional)"</label>
                <textarea id="rule-message" name="message" rows="2"></textarea>
                <p class="form-error" role="alert">{form_error(value)}</p>
                {move || matches!(value.get(), Some(Ok(_))).then(|| view! { <p class="notice" role="status">"Rule added."</p> })}
                <button type="submit">"Add rule"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn RuleRow(rule: FilterRuleView, delete: ServerAction<DeleteFilterRule>) -> impl IntoView {
    let what = if rule.is_contact {
        "Contact details".to_string()
    } else {
        format!("“{}”", rule.pattern)
    };
    let scope = match (&rule.forum_name, rule.messages_only) {
        (_, true) => "private messages".to_string(),
        (Some(forum), false) => forum.clone(),
        (None, false) => "every forum and private messages".into(),
    };
    view! {
        <li class="rule" data-testid="filter-rule">
            <strong>{what}</strong> " → " <span class="rule-action">{rule.action.as_str()}</span>
            {format!(" in {scope}")}
            {(!rule.message.is_empty()).then(|| view! { <span class="rule-message">{format!(" — “{}”", rule.message)}</span> })}
            <span class="meta">" · added by " <UserName user=rule.created_by.clone()/> " " <When at=rule.created_at/></span>
            <ActionForm action=delete attr:class="inline">
                <input type="hidden" name="rule_id" value=rule.id/>
                <button type="submit" class="secondary">"Delete"</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn EventRow(event: FilterEventView) -> impl IntoView {
    view! {
        <li class="filter-event" data-testid="filter-event">
            <p>
                <strong>{event.action.as_str()}</strong> " · " <UserName user=event.author.clone()/>
                {if event.private_message {
                    format!(" in a private message · {}", event.rules)
                } else {
                    format!(" in {} · {}", event.forum_name, event.rules)
                }} " · " <When at=event.created_at/>
                {event.post_id.map(|id| view! { " · " <a href=format!("/p/{id}") rel="external">"the post"</a> })}
            </p>
            {(!event.title.is_empty()).then(|| view! { <p class="event-title">{event.title.clone()}</p> })}
            {if event.private_message {
                view! {
                    <p class="muted" data-testid="private-event">
                        "The text is kept, but private: leaders and staff read a message only when it is held or reported ("
                        <a href="/queue/messages">"private messages to review"</a> ")."
                    </p>
                }.into_any()
            } else {
                view! { <blockquote>{event.body.clone()}</blockquote> }.into_any()
            }}
        </li>
    }
}

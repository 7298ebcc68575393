//! Small pieces shared by the pages.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

use crate::error::AppError;
use crate::model::{ContactExplanation, UserSummary};

/// A person's name, linking to their profile, with their badges.
#[component]
pub fn UserName(user: UserSummary) -> impl IntoView {
    let href = format!("/u/{}", user.username);
    view! {
        <span class="user-name">
            <a href=href class="name">{user.username.clone()}</a>
            {user.badges.iter().map(|b| view! { <BadgeTag badge=*b/> }).collect_view()}
        </span>
    }
}

/// A badge that says what it means: on hover (its title) and on a tap
/// (the meaning shows beside it, as a date's exact time does).
#[component]
pub fn BadgeTag(badge: crate::model::Badge) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <span class="badge-at">
            <button type="button" class=format!("link-button badge badge-{}", badge.label())
                title=badge.meaning() aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {badge.label()}
            </button>
            <span class="badge-meaning" class:shown=move || open.get() data-testid="badge-meaning">{badge.meaning()}</span>
        </span>
    }
    .into_any()
}

/// A name with badges and no link: where the name sits inside another
/// control (the header's menu button), which a link would hijack.
#[component]
pub fn PlainName(user: UserSummary) -> impl IntoView {
    view! {
        <span class="user-name">
            <span class="name">{user.username.clone()}</span>
            {user.badges.iter().map(|b| view! {
                <span class=format!("badge badge-{}", b.label()) title=b.meaning()>{b.label()}</span>
            }).collect_view()}
        </span>
    }
}

/// A generated avatar: the name's first letters on one of eight colours
/// picked from the name, the same everywhere and for everyone. Haven takes
/// no uploads: a photo can identify someone, and needs moderating. Hidden
/// from screen readers, as the name is always beside it.
#[component]
pub fn Avatar(name: String) -> impl IntoView {
    let (initials, hue) = avatar_of(&name);
    view! { <span class=format!("avatar avatar-{hue}") aria-hidden="true">{initials}</span> }
}

/// Initials (one or two letters) and a colour index 0–7 for a name.
pub fn avatar_of(name: &str) -> (String, u32) {
    let parts: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect();
    let initials: String = match parts.as_slice() {
        [] => "?".into(),
        [one] => one.chars().take(1).collect(),
        [first, second, ..] => first
            .chars()
            .take(1)
            .chain(second.chars().take(1))
            .collect(),
    };
    // FNV-1a: stable across builds and machines, unlike the std hasher.
    let hash = name.to_lowercase().bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    (initials.to_uppercase(), hash % 8)
}

/// A date shown relative ("3 hours ago"); tapping (or clicking) it shows
/// the exact time, which the server writes in UTC and the browser then
/// rewrites in the reader's own time zone and locale.
#[component]
pub fn When(at: DateTime<Utc>) -> impl IntoView {
    let exact = RwSignal::new(at.format("%-d %b %Y, %H:%M UTC").to_string());
    let open = RwSignal::new(false);
    // Effects run only in the browser, after hydration: the server's text
    // and the first render match, then the local time replaces it.
    Effect::new(move || exact.set(local_time(at)));
    // A button, not <details>: it may sit inside a paragraph. Without
    // JavaScript, focusing it (a tap) shows the exact time through CSS.
    view! {
        <span class="when-at">
            <button type="button" class="link-button when-toggle" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                <time datetime=at.to_rfc3339()>{relative(at, Utc::now())}</time>
            </button>
            <span class="exact" class:shown=move || open.get() data-testid="exact-time">{move || exact.get()}</span>
        </span>
    }
    // Erased: dates sit inside many views, and their full type would make
    // those too deep for the compiler's query limit.
    .into_any()
}

/// The time in the reader's time zone and locale (the browser's `Intl`).
#[cfg(feature = "hydrate")]
fn local_time(at: DateTime<Utc>) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        at.timestamp_millis() as f64
    ));
    let options = js_sys::Object::new();
    for (key, value) in [("dateStyle", "medium"), ("timeStyle", "short")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    date.to_locale_string("default", &options).into()
}

#[cfg(not(feature = "hydrate"))]
fn local_time(at: DateTime<Utc>) -> String {
    at.format("%-d %b %Y, %H:%M UTC").to_string()
}

/// "1 topic", "3 topics".
pub fn plural(n: u64, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// "just now", "5 minutes ago", "3 days ago", or the date for older times.
pub fn relative(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = (now - at).num_seconds().max(0);
    let plural = |n: i64, unit: &str| format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" });
    match seconds {
        0..=59 => "just now".into(),
        60..=3599 => plural(seconds / 60, "minute"),
        3600..=86_399 => plural(seconds / 3600, "hour"),
        86_400..=2_591_999 => plural(seconds / 86_400, "day"),
        _ => at.format("%-d %b %Y").to_string(),
    }
}

/// An error shown in place of a page. On the server it also sets the HTTP
/// status (a missing forum is a real 404).
#[component]
pub fn ErrorNote(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(
            http::StatusCode::from_u16(error.status_code())
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    let (title, detail) = match &error {
        AppError::NotFound => (
            "Not found",
            "This page doesn't exist, or you can't see it.".to_string(),
        ),
        AppError::Unauthorized => ("Please log in", error.to_string()),
        _ => ("Something went wrong", error.to_string()),
    };
    view! {
        <section class="error-note" role="alert">
            <h1>{title}</h1>
            <p>{detail}</p>
            <p><a href="/">"Back to the forums"</a></p>
        </section>
    }
}

/// A page's data once its resource has loaded, or the error in its place
/// (with the matching HTTP status on the server).
#[component]
pub fn Loaded<T, V, F>(resource: Resource<Result<T, AppError>>, render: F) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || resource.get().map(|result| match result {
                Ok(data) => render(data).into_any(),
                Err(error) => view! { <ErrorNote error/> }.into_any(),
            })}
        </Suspense>
    }
}

/// The key for a list of things a moderator decides on, one form each
/// (`<For key=…>`): the thing's id and everything shown of it.
///
/// A list rendered by position is patched in place when a refetch shortens
/// it: deciding the first item left its element (with the note typed into
/// it, the radio chosen, the text of its hidden edit box) to the item after
/// it, so the next decision could carry the last one's choices or text.
/// Keyed this way, an item that is still there keeps its element and what
/// is being typed in it, one whose content changed is drawn anew, and a
/// decided one is removed.
pub fn decision_key<T: Serialize>(id: i32, item: &T) -> (i32, String) {
    (id, serde_json::to_string(item).unwrap_or_default())
}

/// Stored text to put inside a `<textarea>` (or the document's `<title>`).
///
/// Leptos's server renderer writes the children of `<textarea>`, `<title>`,
/// `<script>`, `<style>` and `<noscript>` verbatim, so a post containing
/// `</textarea><meta http-equiv=refresh …>` would end the element and inject
/// markup (upstream keeps it so: escaping them broke hydration of script
/// and style). A textarea's and a title's content is RCDATA: the browser's
/// parser decodes character references there but never reads tags. So the
/// server sends the text escaped, and the browser shows the text as typed.
/// In the browser the text is returned unchanged: rendering on the client
/// sets it as a text node, and hydration keeps the server's node as it is.
/// Never put user text in `<script>`, `<style>` or `<noscript>`.
pub fn rcdata(text: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        html_escape::encode_text(text).into_owned()
    }
    #[cfg(not(feature = "ssr"))]
    {
        text.to_string()
    }
}

/// The document title for a page's title text ("Haven" alone on pages
/// without one), escaped for the server's `<title>` (see [`rcdata`]).
pub fn document_title(page: String) -> String {
    if page.is_empty() {
        "Haven".to_string()
    } else {
        rcdata(&format!("{page} · Haven"))
    }
}

/// One topic in a list, marked when pinned.
#[component]
pub fn TopicRow(
    topic: crate::model::TopicSummary,
    /// (slug, name) of the forum, in lists across forums (Latest).
    #[prop(optional)]
    forum: Option<(String, String)>,
) -> impl IntoView {
    let t = topic;
    view! {
        <li class="topic-row" class:pinned=t.pin.is_some()>
            {t.pin.as_ref().map(|p| view! {
                <span class="pin-tag" title=if p.global { "Pinned everywhere" } else { "Pinned in this forum" }>
                    {if p.global { "pinned everywhere" } else { "pinned" }}
                </span>
            })}
            <a class="topic-title" href=format!("/t/{}", t.id)>{t.title.clone()}</a>
            {t.locked.then(|| view! { <span class="locked">"locked"</span> })}
            {t.new.then(|| view! { <span class="new-tag" data-testid="new-tag">"new"</span> })}
            // Jump to the first post they have not read.
            {(t.unread > 0).then(|| view! {
                <a class="unread-count" data-testid="topic-unread"
                    href=format!("/t/{}?after={}#first-unread", t.id, t.last_read.unwrap_or(0))
                    aria-label=format!("{}, jump to the first", plural(u64::from(t.unread), "unread post"))>
                    {format!("{} unread", t.unread)}
                </a>
            })}
            <div class="meta">
                {forum.map(|(slug, name)| view! {
                    <a class="forum-tag" href=format!("/f/{slug}")>{name}</a> " · "
                })}
                <UserName user=t.author.clone()/>
                {format!(" · {} · last activity ", plural(t.post_count as u64, "post"))}
                <When at=t.last_post_at/>
            </div>
        </li>
    }
}

/// The message for `field` from the last result of an action, if any.
pub fn field_error<T: Clone + Send + Sync + 'static>(
    value: Signal<Option<Result<T, AppError>>>,
    field: &'static str,
) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    move || {
        value.with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().err())
                .and_then(|e| e.field_message(field))
        })
    }
}

/// A form-level message for an error that is not about one field.
pub fn form_error<T: Clone + Send + Sync + 'static>(
    value: Signal<Option<Result<T, AppError>>>,
) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    move || {
        value.with(|v| match v {
            Some(Err(AppError::Validation(_))) => None,
            Some(Err(e)) => Some(e.to_string()),
            _ => None,
        })
    }
}

/// The message under a field, announced to screen readers.
#[component]
pub fn FieldMessage(
    #[prop(into)] message: Signal<Option<String>>,
    #[prop(into)] id: String,
) -> impl IntoView {
    view! {
        <Show when=move || message.get().is_some()>
            <p class="field-error" id=id.clone() role="alert">{move || message.get()}</p>
        </Show>
    }
}

/// Counts an action's successful runs. A resource keyed on this reloads
/// after a success, while a refused submission leaves the page, and the
/// text typed into its forms, as it is.
pub fn successes<S>(action: ServerAction<S>) -> Memo<usize>
where
    S: leptos::server_fn::ServerFn + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + Clone + 'static,
    S::Error: Send + Sync + Clone + 'static,
{
    Memo::new(move |before: Option<&usize>| {
        let version = action.version().get();
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            version
        } else {
            before.copied().unwrap_or(version)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    #[cfg(feature = "ssr")]
    fn stored_text_cannot_end_a_raw_text_element() {
        let typed = "a </textarea><b id=x>&amp; </title>";
        let sent = rcdata(typed);
        assert!(!sent.contains('<'), "{sent}");
        assert_eq!(
            sent,
            "a &lt;/textarea&gt;&lt;b id=x&gt;&amp;amp; &lt;/title&gt;"
        );
        assert_eq!(
            document_title("</title><meta http-equiv=refresh>".into()),
            "&lt;/title&gt;&lt;meta http-equiv=refresh&gt; · Haven"
        );
        assert_eq!(document_title(String::new()), "Haven");
    }

    #[test]
    fn relative_times_read_naturally() {
        let now = Utc::now();
        assert_eq!(relative(now, now), "just now");
        assert_eq!(relative(now - Duration::minutes(1), now), "1 minute ago");
        assert_eq!(relative(now - Duration::hours(5), now), "5 hours ago");
        assert_eq!(relative(now - Duration::days(2), now), "2 days ago");
        assert!(relative(now - Duration::days(90), now).contains(' '));
        assert_eq!(plural(1, "topic"), "1 topic");
        assert_eq!(plural(0, "post"), "0 posts");
    }
}

/// Where the rule on contact details is explained.
pub const CONTACT_RULE_HREF: &str = "/help/contact-details";

/// Why the contact filter held a text: a plain sentence, what it found, and
/// the text with the triggering parts highlighted. `for_author` words it
/// for the person who wrote it; otherwise for a moderator.
#[component]
pub fn ContactNote(explanation: ContactExplanation, for_author: bool) -> impl IntoView {
    let found = explanation.found.join(", ");
    view! {
        <div class="contact-note" role="note" data-testid="contact-note">
            {if for_author {
                view! {
                    <p>
                        "Sharing ways to contact you off Haven is not allowed, for your safety. "
                        {format!("We found {found} in what you wrote (highlighted below), so a moderator will read it before it is published. If it was a mistake, they will publish it as it is. ")}
                        <a href=CONTACT_RULE_HREF>"Why this rule exists"</a>
                    </p>
                }.into_any()
            } else {
                view! {
                    <p>{format!("The contact filter found {found}, highlighted:")}</p>
                }.into_any()
            }}
            <p class="contact-text">
                {explanation.parts.into_iter().map(|(text, hit)| if hit {
                    view! { <mark data-testid="contact-span">{text}</mark> }.into_any()
                } else {
                    view! { <span>{text}</span> }.into_any()
                }).collect_view()}
            </p>
        </div>
    }
}

#[cfg(test)]
mod avatar_tests {
    use super::avatar_of;

    #[test]
    fn avatars_are_initials_on_a_stable_colour() {
        assert_eq!(avatar_of("max_member").0, "MM");
        assert_eq!(avatar_of("robin").0, "R");
        assert_eq!(avatar_of("former member").0, "FM");
        assert_eq!(avatar_of("Robin").1, avatar_of("robin").1);
        assert!(avatar_of("anyone").1 < 8);
    }
}

/// Shown at once under "Someone may be at risk" (before and after the
/// report is sent): moderators are not an emergency service.
pub fn at_risk_help() -> impl IntoView {
    view! {
        <p class="at-risk-help" data-testid="at-risk-help">
            "If someone is in danger right now, call your local emergency number. "
            <a href="/help/crisis">"Crisis lines by country"</a>
            " can help too, any time."
        </p>
    }
}

/// The inside of a report form, for a post or a private message: the
/// reasons, an optional note (required for "Something else"), the errors the
/// server sent back and the send button. Ids start with `id_prefix`, so each
/// form on a page has its own.
#[component]
pub fn ReportFields(
    id_prefix: String,
    /// "Why are you reporting this post?"
    legend: &'static str,
    /// The note's label, which says who reads it.
    note_label: &'static str,
    value: Signal<Option<Result<(), AppError>>>,
    reason: RwSignal<Option<crate::model::FlagReason>>,
) -> impl IntoView {
    let note_id = format!("{id_prefix}-note");
    view! {
        <fieldset>
            <legend>{legend}</legend>
            <FlagReasonChoices id_prefix=id_prefix.clone() reason/>
        </fieldset>
        <FieldMessage message=Signal::derive(field_error(value, "reason")) id=format!("{id_prefix}-reason-error")/>
        <label for=note_id.clone()>{note_label}</label>
        <textarea id=note_id name="note" rows="3" maxlength=crate::model::MAX_FLAG_NOTE_CHARS.to_string()></textarea>
        <FieldMessage message=Signal::derive(field_error(value, "note")) id=format!("{id_prefix}-note-error")/>
        <p class="form-error" role="alert">{form_error(value)}</p>
        <button type="submit">"Send report"</button>
    }
}

/// The reasons of a report (of a post or a private message) as radio
/// buttons named `reason`; the one chosen is kept in `reason`.
#[component]
pub fn FlagReasonChoices(
    id_prefix: String,
    reason: RwSignal<Option<crate::model::FlagReason>>,
) -> impl IntoView {
    use crate::model::FlagReason;
    FlagReason::ALL
        .iter()
        .map(|&r| {
            let id = format!("{id_prefix}-{}", r.as_str());
            view! {
                <div class="choice">
                    <input type="radio" id=id.clone() name="reason" value=r.as_str()
                        on:change=move |_| reason.set(Some(r))/>
                    <label for=id>{r.label()}</label>
                    {(r == FlagReason::AtRisk).then(at_risk_help)}
                </div>
            }
        })
        .collect_view()
}

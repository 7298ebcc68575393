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
            {user.badges.iter().map(|b| view! {
                <span class=format!("badge badge-{}", b.label())>{b.label()}</span>
            }).collect_view()}
        </span>
    }
}

/// A date shown relative ("3 hours ago") with the exact time on hover and in
/// the `datetime` attribute.
#[component]
pub fn When(at: DateTime<Utc>) -> impl IntoView {
    let exact = at.format("%Y-%m-%d %H:%M UTC").to_string();
    view! {
        <time datetime=at.to_rfc3339() title=exact.clone()>
            {relative(at, Utc::now())}
        </time>
    }
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
pub fn TopicRow(topic: crate::model::TopicSummary) -> impl IntoView {
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
            <div class="meta">
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
    id: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || message.get().is_some()>
            <p class="field-error" id=id role="alert">{move || message.get()}</p>
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

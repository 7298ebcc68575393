//! What every composer has besides its form: the draft kept on the server
//! while someone types (restored when they come back, a warning before
//! leaving with text not saved yet) and @-mention suggestions.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Draft;

/// The viewer's saved draft for a composer (`topic:ID` or `forum:SLUG`).
#[server(prefix = "/fn", endpoint = "load_draft")]
pub async fn load_draft(key: String) -> Result<Option<Draft>, AppError> {
    use crate::server::{request_viewer, services::composer};
    let (state, viewer) = request_viewer().await?;
    composer::load(&state.db, viewer.as_ref(), &key).await
}

/// Saves what is typed in a composer; empty text removes the draft.
#[server(prefix = "/fn", endpoint = "save_draft")]
pub async fn save_draft(key: String, title: String, body: String) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::composer};
    let (state, viewer) = request_viewer().await?;
    composer::save(&state.db, viewer.as_ref(), &key, &title, &body).await
}

/// Names starting with `prefix` of people who could read a mention in
/// the forum.
#[server(prefix = "/fn", endpoint = "mention_suggestions")]
pub async fn mention_suggestions(forum: String, prefix: String) -> Result<Vec<String>, AppError> {
    use crate::server::{request_viewer, services::composer};
    let (state, viewer) = request_viewer().await?;
    composer::mention_suggestions(&state.db, viewer.as_ref(), &forum, &prefix).await
}

/// How long typing must pause before the draft is saved.
const SAVE_AFTER_MS: u64 = 1_000;

/// Keeps a composer's text as a draft on the server. On arrival it restores
/// a saved draft into empty fields; while the person types it saves once
/// typing pauses; leaving the page (closing it, or following a link) with
/// text not saved yet asks first or saves on the way out. `posted` counts
/// the composer's successful posts (posting removes the draft on the
/// server, in the post's transaction).
#[component]
pub fn DraftKeeper(
    key: String,
    #[prop(optional)] title: Option<RwSignal<String>>,
    body: RwSignal<String>,
    #[prop(into)] posted: Signal<usize>,
) -> impl IntoView {
    let handled = StoredValue::new(posted.get_untracked());
    let key = StoredValue::new(key);
    // None: nothing to say; Some(text): the status line.
    let status = RwSignal::new(None::<String>);
    let restored = RwSignal::new(None::<Draft>);
    // Text typed since the last save.
    let dirty = RwSignal::new(false);
    // Set once the saved draft was looked at: typing before that is real.
    let ready = RwSignal::new(false);
    // What is typed now; None once the composer is gone. Timers and
    // requests can outlive it, so everything they run reads with `try_`.
    let current = move || {
        Some((
            match title {
                Some(t) => t.try_get_untracked()?,
                None => String::new(),
            },
            body.try_get_untracked()?,
        ))
    };
    let save = Action::new(move |(title, body): &(String, String)| {
        let (title, body) = (title.clone(), body.clone());
        let key = key.try_get_value().unwrap_or_default();
        async move { save_draft(key, title, body).await }
    });
    Effect::new(move || match save.value().get() {
        Some(Ok(())) if !save.pending().get_untracked() => {
            dirty.set(false);
            let empty = body.get_untracked().trim().is_empty()
                && title.is_none_or(|t| t.get_untracked().trim().is_empty());
            status.set((!empty).then(|| "Draft saved.".to_string()));
        }
        Some(Ok(())) => {}
        Some(Err(e)) => status.set(Some(format!("Your draft could not be saved: {e}"))),
        None => {}
    });
    // Restore once, in the browser, if the person has not typed yet.
    Effect::new(move || {
        let Some(key) = key.try_get_value() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let saved = load_draft(key).await;
            // The composer may be gone by now (posted, or left).
            let Some((typed_title, typed_body)) = current() else {
                return;
            };
            if let Ok(Some(draft)) = saved
                && typed_title.trim().is_empty()
                && typed_body.trim().is_empty()
            {
                if let Some(t) = title {
                    t.try_set(draft.title.clone());
                }
                body.try_set(draft.body.clone());
                restored.try_set(Some(draft));
                dirty.try_set(false);
            }
            ready.try_set(true);
        });
    });
    let pending = StoredValue::new(None::<leptos::leptos_dom::helpers::TimeoutHandle>);
    Effect::new(move |previous: Option<(String, String)>| {
        let now = (title.map(|t| t.get()).unwrap_or_default(), body.get());
        if !ready.get() || previous.as_ref() == Some(&now) || restored_matches(restored, &now) {
            return now;
        }
        dirty.set(true);
        status.set(None);
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = leptos::leptos_dom::helpers::set_timeout_with_handle(
            move || {
                if let Some(typed) = current() {
                    save.dispatch(typed);
                }
            },
            std::time::Duration::from_millis(SAVE_AFTER_MS),
        )
        .ok();
        pending.set_value(handle);
        now
    });
    // Posted: the server removed the draft; what was typed is not a draft.
    Effect::new(move || {
        let count = posted.get();
        if count != handled.get_value() {
            handled.set_value(count);
            if let Some(handle) = pending.get_value() {
                handle.clear();
            }
            dirty.set(false);
            restored.set(None);
            status.set(None);
        }
    });
    warn_before_leaving(dirty);
    // Following a link inside Haven unmounts the composer: save on the way
    // (not when it unmounts because the text was just posted).
    on_cleanup(move || {
        if let Some(Some(handle)) = pending.try_get_value() {
            handle.clear();
        }
        let unsaved = dirty.try_get_untracked().unwrap_or(false)
            && posted.try_get_untracked() == handled.try_get_value();
        if let (true, Some(key), Some((title, body))) = (unsaved, key.try_get_value(), current()) {
            leptos::task::spawn_local(async move {
                let _ = save_draft(key, title, body).await;
            });
        }
    });
    let discard = move |_| {
        if let Some(t) = title {
            t.set(String::new());
        }
        body.set(String::new());
        restored.set(None);
        dirty.set(false);
        status.set(Some("Draft discarded.".into()));
        save.dispatch((String::new(), String::new()));
    };
    view! {
        <div class="draft-status" aria-live="polite" data-testid="draft-status">
            {move || restored.get().map(|d| view! {
                <span>"We kept the draft you were writing. "</span>
                <button type="button" class="link-button" on:click=discard>"Discard it"</button>
                <span class="visually-hidden">{format!(" (saved {})", d.saved_at.format("%Y-%m-%d %H:%M UTC"))}</span>
            })}
            {move || status.get()}
        </div>
    }
}

/// The restored draft is on screen unchanged: nothing new to save.
fn restored_matches(restored: RwSignal<Option<Draft>>, now: &(String, String)) -> bool {
    restored.with_untracked(|r| {
        r.as_ref()
            .is_some_and(|d| d.title == now.0 && d.body == now.1)
    })
}

/// Asks the browser to confirm closing or reloading the page while
/// `dirty` (text typed and not saved yet).
#[cfg(feature = "hydrate")]
fn warn_before_leaving(dirty: RwSignal<bool>) {
    let handle = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if dirty.get_untracked() {
            ev.prevent_default();
            ev.set_return_value("You have text that is not saved yet.");
        }
    });
    on_cleanup(move || handle.remove());
}

#[cfg(not(feature = "hydrate"))]
fn warn_before_leaving(_dirty: RwSignal<bool>) {}

/// The `@name` being typed just before the caret (`text` up to the caret,
/// in characters), as (where the `@` is, the letters typed after it).
pub fn mention_at_caret(text: &str, caret: usize) -> Option<(usize, String)> {
    let before: Vec<char> = text.chars().take(caret).collect();
    let mut start = before.len();
    while start > 0 && {
        let c = before[start - 1];
        c.is_alphanumeric() || c == '_' || c == '-'
    } {
        start -= 1;
    }
    let at = start.checked_sub(1)?;
    if before[at] != '@' {
        return None;
    }
    // "name@example" is not a mention.
    if at > 0 && before[at - 1].is_alphanumeric() {
        return None;
    }
    let typed: String = before[start..].iter().collect();
    (!typed.is_empty()).then_some((at, typed))
}

/// `text` with the mention typed at `at` (through `caret`) replaced by
/// `@name ` and the caret after it.
pub fn complete_mention(text: &str, at: usize, caret: usize, name: &str) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let caret = caret.min(chars.len());
    let mut out: String = chars[..at].iter().collect();
    out.push('@');
    out.push_str(name);
    out.push(' ');
    let new_caret = out.chars().count();
    out.extend(&chars[caret..]);
    (out, new_caret)
}

/// Suggestions of people to mention while an `@name` is typed in the
/// textarea `textarea_id`: only people who could read the forum. A list of
/// buttons under the box; choosing one completes the name.
#[component]
pub fn MentionSuggestions(
    forum: String,
    textarea_id: &'static str,
    body: RwSignal<String>,
) -> impl IntoView {
    let forum = StoredValue::new(forum);
    // (where the @ is, the caret) of the mention being typed.
    let typing = RwSignal::new(None::<(usize, usize)>);
    let lookup = Action::new(move |prefix: &String| {
        let (forum, prefix) = (forum.try_get_value().unwrap_or_default(), prefix.clone());
        async move { mention_suggestions(forum, prefix).await }
    });
    let pending = StoredValue::new(None::<leptos::leptos_dom::helpers::TimeoutHandle>);
    Effect::new(move || {
        let text = body.get();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let Some(caret) = caret_of(textarea_id) else {
            return;
        };
        match mention_at_caret(&text, caret) {
            Some((at, prefix)) => {
                typing.set(Some((at, caret)));
                let handle = leptos::leptos_dom::helpers::set_timeout_with_handle(
                    move || {
                        lookup.dispatch(prefix);
                    },
                    std::time::Duration::from_millis(200),
                )
                .ok();
                pending.set_value(handle);
                on_cleanup(move || {
                    if let Some(Some(handle)) = pending.try_get_value() {
                        handle.clear();
                    }
                });
            }
            None => typing.set(None),
        }
    });
    let choose = move |name: String| {
        if let Some((at, caret)) = typing.get_untracked() {
            let (text, new_caret) = complete_mention(&body.get_untracked(), at, caret, &name);
            set_text(textarea_id, &text, new_caret);
            body.set(text);
            typing.set(None);
        }
    };
    view! {
        {move || {
            let names = match (typing.get(), lookup.value().get()) {
                (Some(_), Some(Ok(names))) => names,
                _ => return None,
            };
            if names.is_empty() {
                return Some(view! {
                    <p class="mention-none" role="status" data-testid="mention-none">
                        "Nobody by that name can read this forum, so a mention would not reach them."
                    </p>
                }.into_any());
            }
            Some(view! {
                <ul class="mention-suggestions" aria-label="People you can mention" data-testid="mention-suggestions">
                    {names.into_iter().map(|name| {
                        let chosen = name.clone();
                        view! {
                            <li><button type="button" class="secondary" on:click=move |_| choose(chosen.clone())>
                                "@" {name}
                            </button></li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any())
        }}
    }
}

/// The caret of a textarea, in characters (the DOM counts UTF-16 units).
#[cfg(feature = "hydrate")]
fn caret_of(id: &str) -> Option<usize> {
    use wasm_bindgen::JsCast;
    let area = document()
        .get_element_by_id(id)?
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .ok()?;
    let units = area.selection_start().ok()?? as usize;
    let value = area.value();
    let mut seen = 0;
    Some(
        value
            .chars()
            .take_while(|c| {
                seen += c.len_utf16();
                seen <= units
            })
            .count(),
    )
}

#[cfg(not(feature = "hydrate"))]
fn caret_of(_id: &str) -> Option<usize> {
    None
}

/// Puts `text` in the textarea and the caret at `caret` (characters).
#[cfg(feature = "hydrate")]
fn set_text(id: &str, text: &str, caret: usize) {
    use wasm_bindgen::JsCast;
    let Some(area) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    else {
        return;
    };
    area.set_value(text);
    let units: usize = text.chars().take(caret).map(char::len_utf16).sum();
    let units = u32::try_from(units).unwrap_or(u32::MAX);
    let _ = area.set_selection_range(units, units);
    let _ = area.focus();
}

#[cfg(not(feature = "hydrate"))]
fn set_text(_id: &str, _text: &str, _caret: usize) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_mention_being_typed() {
        assert_eq!(mention_at_caret("hi @mo", 6), Some((3, "mo".into())));
        assert_eq!(mention_at_caret("@lee_l", 6), Some((0, "lee_l".into())));
        assert_eq!(mention_at_caret("hi @mo and", 10), None);
        assert_eq!(mention_at_caret("hi @", 4), None);
        assert_eq!(mention_at_caret("me@example", 10), None);
        assert_eq!(mention_at_caret("é @mø", 5), Some((2, "mø".into())));
    }

    #[test]
    fn completes_the_name_and_keeps_the_rest() {
        assert_eq!(
            complete_mention("hi @mo, see", 3, 6, "mo_mentor"),
            ("hi @mo_mentor , see".into(), 14)
        );
        assert_eq!(complete_mention("@l", 0, 2, "lee"), ("@lee ".into(), 5));
    }
}

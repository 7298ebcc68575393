//! Guideline posts: pinning topics, policy-update banners with their
//! acknowledgement, and the staff page of who has acknowledged each version.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{FieldMessage, Loaded, UserName, When, field_error, form_error};
use crate::error::AppError;
use crate::model::{PinView, PolicyAcknowledgements, PolicyNotice};
use crate::pages::history::post_id_param;

/// `scope`: forum | global. `until`: YYYY-MM-DD, empty for no end.
#[server(prefix = "/fn", endpoint = "pin_topic")]
pub async fn pin_topic(
    topic_id: i32,
    scope: String,
    position: Option<String>,
    until: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{
        request_viewer,
        services::pins::{self, Scope},
    };
    let (state, viewer) = request_viewer().await?;
    let scope: Scope = AppError::parse_field("scope", &scope)?;
    let position = match position.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => 0,
        Some(p) => p
            .parse::<i32>()
            .map_err(|_| AppError::field("position", "Use a whole number, like 1."))?,
    };
    let until = AppError::end_of_day("until", until.as_deref())?;
    pins::pin(&state.db, viewer.as_ref(), topic_id, scope, position, until).await
}

#[server(prefix = "/fn", endpoint = "unpin_topic")]
pub async fn unpin_topic(topic_id: i32) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::pins};
    let (state, viewer) = request_viewer().await?;
    pins::unpin(&state.db, viewer.as_ref(), topic_id).await
}

#[server(prefix = "/fn", endpoint = "dismiss_pin")]
pub async fn dismiss_pin(topic_id: i32) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::pins};
    let (state, viewer) = request_viewer().await?;
    pins::dismiss(&state.db, viewer.as_ref(), topic_id).await
}

#[server(prefix = "/fn", endpoint = "acknowledge_policy")]
pub async fn acknowledge_policy(post_id: i32, version: i32) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::policy};
    let (state, viewer) = request_viewer().await?;
    policy::acknowledge(&state.db, viewer.as_ref(), post_id, version).await
}

#[server(prefix = "/fn", endpoint = "policy_acknowledgements")]
pub async fn load_acknowledgements(post_id: i32) -> Result<PolicyAcknowledgements, AppError> {
    use crate::server::{request_viewer, services::policy};
    let (state, viewer) = request_viewer().await?;
    policy::acknowledgements(&state.db, viewer.as_ref(), post_id).await
}

/// The actions that change a topic's pin; the topic page reloads after each.
#[derive(Clone, Copy)]
pub struct PinActions {
    pub pin: ServerAction<PinTopic>,
    pub unpin: ServerAction<UnpinTopic>,
    pub dismiss: ServerAction<DismissPin>,
}

impl PinActions {
    pub fn new() -> Self {
        Self {
            pin: ServerAction::new(),
            unpin: ServerAction::new(),
            dismiss: ServerAction::new(),
        }
    }

    /// Changes whenever one of them completes.
    pub fn version(&self) -> usize {
        self.pin.version().get() + self.unpin.version().get() + self.dismiss.version().get()
    }
}

impl Default for PinActions {
    fn default() -> Self {
        Self::new()
    }
}

/// The pin marker, and pin controls for staff and the forum's mentors.
#[component]
pub fn PinControls(
    topic_id: i32,
    pin: Option<PinView>,
    can_pin: bool,
    can_pin_globally: bool,
    can_dismiss: bool,
    actions: PinActions,
) -> impl IntoView {
    let value = Signal::derive(move || actions.pin.value().get());
    let pinned = pin.is_some();
    let pinned_globally = pin.as_ref().is_some_and(|p| p.global);
    let position = pin.as_ref().map(|p| p.position).unwrap_or(0);
    view! {
        {pin.clone().map(|p| view! {
            <div class="pin-note" data-testid="pin-note">
                {if p.global { "Pinned everywhere" } else { "Pinned in this forum" }}
                {p.until.map(|u| format!(" until {}", u.format("%Y-%m-%d")))}
                {can_dismiss.then(|| view! {
                    <ActionForm action=actions.dismiss attr:class="inline">
                        <input type="hidden" name="topic_id" value=topic_id/>
                        " " <button type="submit" class="secondary">"Hide this pin for me"</button>
                    </ActionForm>
                })}
            </div>
        })}
        {can_pin.then(|| view! {
            <details class="pin-controls">
                <summary>{if pinned { "Change pin" } else { "Pin this topic" }}</summary>
                <ActionForm action=actions.pin>
                    <input type="hidden" name="topic_id" value=topic_id/>
                    <label for="pin-scope">"Where"</label>
                    <select id="pin-scope" name="scope">
                        <option value="forum" selected=!pinned_globally>"At the top of this forum"</option>
                        {can_pin_globally.then(|| view! {
                            <option value="global" selected=pinned_globally>"Everywhere (every forum and the home page)"</option>
                        })}
                    </select>
                    <label for="pin-position">"Order (lower comes first)"</label>
                    <input id="pin-position" name="position" type="number" value=position/>
                    <FieldMessage message=Signal::derive(field_error(value, "position")) id="pin-position-error"/>
                    <label for="pin-until">"Until (empty: until unpinned)"</label>
                    <input id="pin-until" name="until" type="date"/>
                    <FieldMessage message=Signal::derive(field_error(value, "until")) id="pin-until-error"/>
                    <p class="form-error" role="alert">{form_error(value)}</p>
                    <button type="submit">"Pin"</button>
                </ActionForm>
                {pinned.then(|| view! {
                    <ActionForm action=actions.unpin>
                        <input type="hidden" name="topic_id" value=topic_id/>
                        <button type="submit" class="secondary">"Unpin"</button>
                    </ActionForm>
                })}
            </details>
        })}
    }
}

/// Asks a reader to acknowledge a post's latest policy update; it goes away
/// once they have (in place with JavaScript, on reload without).
#[component]
pub fn PolicyBanner(
    post_id: i32,
    notice: PolicyNotice,
    logged_in: bool,
    staff_link: bool,
) -> impl IntoView {
    let acknowledge = ServerAction::<AcknowledgePolicy>::new();
    let done = move || matches!(acknowledge.value().get(), Some(Ok(())));
    let show = !notice.acknowledged && logged_in;
    view! {
        <Show when=move || show && !done()>
            <aside class="policy-banner" aria-label="Policy update" data-testid="policy-banner">
                <p>
                    <strong>{format!("Policy update (version {}): ", notice.version)}</strong>
                    {notice.summary.clone()} " · " <When at=notice.updated_at/>
                </p>
                <ActionForm action=acknowledge attr:class="inline">
                    <input type="hidden" name="post_id" value=post_id/>
                    <input type="hidden" name="version" value=notice.version/>
                    <button type="submit">"I have read this update"</button>
                </ActionForm>
                <span class="form-error" role="alert">{form_error(Signal::derive(move || acknowledge.value().get()))}</span>
            </aside>
        </Show>
        <Show when=done>
            <p class="notice" role="status" data-testid="policy-acknowledged">"Thank you: your acknowledgement was recorded."</p>
        </Show>
        {staff_link.then(|| view! {
            <p class="policy-acks-link">
                <a href=format!("/posts/{post_id}/acknowledgements")>"Who has read the policy updates"</a>
            </p>
        })}
    }
}

/// Staff: for each policy version of a post, who acknowledged it.
#[component]
pub fn AcknowledgementsPage() -> impl IntoView {
    let report = Resource::new(post_id_param(), load_acknowledgements);
    view! {
        <Title text="Policy acknowledgements"/>
        <Loaded resource=report render=move |r| view! {
            <h1>"Policy acknowledgements"</h1>
            <p class="crumbs"><a href=format!("/p/{}", r.post_id) rel="external">{r.topic_title.clone()}</a></p>
            {if r.versions.is_empty() {
                view! { <p class="empty">"This post has had no policy updates."</p> }.into_any()
            } else {
                r.versions.into_iter().map(|v| view! {
                    <section class="card" data-testid="policy-version">
                        <h2>{format!("Version {}: {}", v.version, v.summary)}</h2>
                        <p class="meta">"By " <UserName user=v.editor.clone()/> " · " <When at=v.created_at/></p>
                        <p class="ack-count">{format!("{} acknowledged", v.count)}</p>
                        <ul class="ack-people">
                            {v.people.into_iter().map(|p| view! { <li><UserName user=p/></li> }).collect_view()}
                        </ul>
                    </section>
                }).collect_view().into_any()
            }}
        }.into_any()/>
    }
}

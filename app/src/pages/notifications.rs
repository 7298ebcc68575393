//! The notifications page. Opening it marks everything read.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Loaded, UserName, When, form_error};
use crate::error::AppError;
use crate::model::{NotificationView, QueueAlerts};

/// The viewer's notifications (newest first); marks them read, returning
/// which were unread before.
#[server(prefix = "/fn", endpoint = "notifications")]
pub async fn list_notifications() -> Result<Vec<NotificationView>, AppError> {
    use crate::server::{request_viewer, services::notifications};
    let (state, viewer) = request_viewer().await?;
    let list = notifications::list(&state.db, viewer.as_ref()).await?;
    notifications::mark_all_read(&state.db, viewer.as_ref()).await?;
    Ok(list)
}

/// How the viewer hears of new queue items (None: they moderate nothing).
#[server(prefix = "/fn", endpoint = "queue_alerts")]
pub async fn get_queue_alerts() -> Result<Option<QueueAlerts>, AppError> {
    use crate::server::{request_viewer, services::notifications};
    let (state, viewer) = request_viewer().await?;
    notifications::queue_alerts(&state.db, viewer.as_ref()).await
}

/// `choice`: each | digest | none.
#[server(prefix = "/fn", endpoint = "set_queue_alerts")]
pub async fn set_queue_alerts(choice: String) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::notifications};
    let (state, viewer) = request_viewer().await?;
    let choice = AppError::parse_field::<QueueAlerts>("choice", &choice)?;
    notifications::set_queue_alerts(&state.db, viewer.as_ref(), choice).await
}

/// For moderators: each new item, a daily digest, or none.
#[component]
fn QueueAlertsForm() -> impl IntoView {
    let save = ServerAction::<SetQueueAlerts>::new();
    let value = Signal::derive(move || save.value().get());
    let current = Resource::new(move || save.version().get(), |_| get_queue_alerts());
    view! {
        <Loaded resource=current render=move |choice| match choice {
            None => ().into_any(),
            Some(choice) => view! {
                <ActionForm action=save attr:class="queue-alerts">
                    <fieldset>
                        <legend>"Tell me about new items in the queue"</legend>
                        {QueueAlerts::ALL.iter().map(|option| view! {
                            <div class="choice">
                                <input type="radio" name="choice" id=format!("alerts-{}", option.as_str())
                                    value=option.as_str() checked=*option == choice/>
                                <label for=format!("alerts-{}", option.as_str())>{option.label()}</label>
                            </div>
                        }).collect_view()}
                    </fieldset>
                    <p class="form-error" role="alert">{form_error(value)}</p>
                    <button type="submit" class="secondary">"Save"</button>
                    {move || matches!(value.get(), Some(Ok(()))).then(|| view! { <span role="status">" Saved."</span> })}
                </ActionForm>
            }.into_any(),
        }/>
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_notifications());
    view! {
        <Title text="Notifications"/>
        <h1>"Notifications"</h1>
        <QueueAlertsForm/>
        <Loaded resource=list render=move |items| { if items.is_empty() {
            view! { <p class="empty">"Nothing yet."</p> }.into_any()
        } else {
            view! {
                <ul class="notifications">
                    {items.into_iter().map(|n| view! {
                        <li class:unread=!n.read data-kind=n.kind.as_str()>
                            {n.actor.clone().map(|a| view! { <UserName user=a/> " " })}
                            // /p/{id} is a server redirect, so leave the client router.
                            <a href=n.link.clone().unwrap_or_else(|| "/".into()) rel="external">{n.message.clone()}</a>
                            " " <When at=n.created_at/>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        } }/>
    }
}

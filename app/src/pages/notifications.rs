//! The notifications page. Opening it marks everything read.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Loaded, UserName, When, form_error, plural};
use crate::error::AppError;
use crate::model::{NotificationView, QueueAlerts, group_by_topic};

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

/// One notice: who, what (linked), when, and the post's first words.
fn notice(n: NotificationView) -> impl IntoView {
    view! {
        <li class:unread=!n.read data-kind=n.kind.as_str()>
            {n.actor.clone().map(|a| view! { <UserName user=a/> " " })}
            // /p/{id} is a server redirect, so leave the client router.
            <a href=n.link.clone().unwrap_or_else(|| "/".into()) rel="external">{n.message.clone()}</a>
            " " <When at=n.created_at/>
            {n.excerpt.clone().map(|e| view! { <p class="excerpt" data-testid="notification-excerpt">{e}</p> })}
        </li>
    }
    .into_any()
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
            let unread = items.iter().filter(|n| !n.read).count();
            view! {
                {(unread > 0).then(|| view! {
                    <p class="notice" data-testid="marked-read">
                        {format!("{} marked as read.", plural(unread as u64, "new notification"))}
                    </p>
                })}
                <ul class="notifications">
                    {group_by_topic(items).into_iter().map(|g| {
                        if g.items.len() == 1 {
                            let n = g.items.into_iter().next();
                            return n.map(notice).into_any();
                        }
                        let count = g.items.len();
                        let href = g.topic_id.map(|t| format!("/t/{t}")).unwrap_or_default();
                        view! {
                            <li class="notification-group" data-testid="notification-group">
                                <a href=href class="group-head">{format!("{count} notifications in this topic")}</a>
                                <ul>{g.items.into_iter().map(notice).collect_view()}</ul>
                            </li>
                        }.into_any()
                    }).collect_view()}
                </ul>
            }.into_any()
        } }/>
    }
}

//! The notifications page. Opening it marks everything read.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Loaded, UserName, When};
use crate::error::AppError;
use crate::model::NotificationView;

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

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_notifications());
    view! {
        <Title text="Notifications"/>
        <h1>"Notifications"</h1>
        <Loaded resource=list render=move |items| { if items.is_empty() {
            view! { <p class="empty">"Nothing yet."</p> }.into_any()
        } else {
            view! {
                <ul class="notifications">
                    {items.into_iter().map(|n| view! {
                        <li class:unread=!n.read data-kind=n.kind.as_str()>
                            {n.actor.clone().map(|a| view! { <UserName user=a/> })}
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

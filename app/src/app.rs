//! The HTML shell, the router and the header.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{A, Route, Router, Routes},
    hooks::use_location,
    path,
};

use crate::components::UserName;
use crate::error::AppError;
use crate::model::Me;
use crate::pages::{
    account::{AfterReportPage, ContactRulePage, ReportsPage, WarningsPage},
    audit::AuditPage,
    auth::{LoginPage, Logout, RegisterPage},
    filters::FiltersPage,
    forum::{ForumPage, NewTopicPage},
    guidelines::AcknowledgementsPage,
    history::{EditPostPage, HistoryPage},
    home::HomePage,
    moderation::{AppealsPage, QueuePage, ResolvedPage},
    not_found::NotFound,
    notifications::NotificationsPage,
    profile::ProfilePage,
    search::SearchPage,
    topic::TopicPage,
};

/// The document around the app. On the server it also sets the
/// Content-Security-Policy with this response's nonce.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Only the site's own scripts run: the bundle from 'self', and Leptos's
/// inline hydration script carrying this response's nonce.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use http::{HeaderValue, header::CONTENT_SECURITY_POLICY};
    leptos::nonce::provide_nonce();
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}

/// The person logged in, with their unread count; None for a guest.
#[server(prefix = "/fn", endpoint = "me")]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    use crate::server::{
        request_viewer,
        services::{base::people, moderation, notifications},
    };
    let (state, viewer) = request_viewer().await?;
    let Some(viewer) = viewer else {
        return Ok(None);
    };
    let moderates = moderation::moderates_anything(&viewer);
    Ok(Some(Me {
        user: people::summary(&state.db, viewer.id).await?,
        unread_notifications: notifications::unread_count(&state.db, viewer.id).await?,
        is_staff: viewer.is_staff(),
        moderates,
        unacknowledged_sanctions: moderation::unacknowledged(&state.db, viewer.id).await?,
        open_items: if moderates {
            moderation::open_count(&state.db, &viewer).await?
        } else {
            0
        },
    }))
}

/// What a screen reader hears for the queue link.
fn queue_label(open: u64) -> String {
    match open {
        0 => "Queue, nothing waiting".to_string(),
        1 => "Queue, 1 item waiting".to_string(),
        n => format!("Queue, {} items waiting", crate::model::count_text(n)),
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/haven.css"/>
        // The one title formatter: it escapes the page's title for the server's <title>.
        <Title formatter=crate::components::document_title/>
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/f/:slug") view=ForumPage ssr=SsrMode::Async/>
                    <Route path=path!("/f/:slug/new") view=NewTopicPage ssr=SsrMode::Async/>
                    <Route path=path!("/t/:id") view=TopicPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/u/:name") view=ProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/:id/edit") view=EditPostPage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/:id/history") view=HistoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/:id/acknowledgements") view=AcknowledgementsPage ssr=SsrMode::Async/>
                    <Route path=path!("/queue") view=QueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/queue/appeals") view=AppealsPage ssr=SsrMode::Async/>
                    <Route path=path!("/queue/resolved") view=ResolvedPage ssr=SsrMode::Async/>
                    <Route path=path!("/audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/filters") view=FiltersPage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/warnings") view=WarningsPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/reports") view=ReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/help/reports") view=AfterReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/help/contact-details") view=ContactRulePage ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}

/// The header: site name, and the person's name, notifications and log out
/// (or log in / register). Refreshed on every navigation and after log out.
/// Every route renders in `SsrMode::Async`: the server sends the finished page,
/// so it reads and works without JavaScript and carries the right status
/// (a missing forum is a 404, not a 200 with an error streamed in later).
#[component]
fn Header() -> impl IntoView {
    let location = use_location();
    let logout = ServerAction::<Logout>::new();
    let me = Resource::new(
        move || {
            (
                location.pathname.get(),
                location.search.get(),
                logout.version().get(),
            )
        },
        |_| get_me(),
    );
    view! {
        <header class="site-header">
            <a class="brand" href="/">"Haven"</a>
            <form method="get" action="/search" class="header-search" role="search">
                <label for="header-q" class="visually-hidden">"Search Haven"</label>
                <input id="header-q" name="q" type="search" placeholder="Search"/>
                <button type="submit" class="secondary">"Search"</button>
            </form>
            <nav aria-label="Account">
                <Transition fallback=|| ()>
                    {move || me.get().map(|me| match me {
                        Ok(Some(me)) => {
                            let unread = me.unread_notifications;
                            let moderates = me.moderates;
                            let sanctions = me.unacknowledged_sanctions;
                            let open_items = me.open_items;
                            view! {
                                {(sanctions > 0).then(|| view! {
                                    <a class="banner" role="alert" href="/account/warnings">
                                        "The moderators have sent you a message. Please read it."
                                    </a>
                                })}
                                {moderates.then(|| view! {
                                    <A href="/queue" attr:data-testid="queue-link" attr:aria-label=queue_label(open_items)>
                                        "Queue"
                                        <span class="badge-count" data-testid="queue-count" class:zero=move || open_items == 0>
                                            {crate::model::count_text(open_items)}
                                        </span>
                                    </A>
                                })}
                                <span class="me"><UserName user=me.user.clone()/></span>
                                <A href="/notifications" attr:class="notif-link" attr:data-testid="notifications-link">
                                    "Notifications"
                                    <span class="badge-count" data-testid="unread-count" class:zero=move || unread == 0>
                                        {crate::model::count_text(unread)}
                                    </span>
                                </A>
                                <ActionForm action=logout attr:class="inline">
                                    <button type="submit" class="link-button">"Log out"</button>
                                </ActionForm>
                            }.into_any()
                        }
                        _ => view! {
                            <A href="/login">"Log in"</A>
                            <A href="/register" attr:class="button">"Join Haven"</A>
                        }.into_any(),
                    })}
                </Transition>
            </nav>
        </header>
    }
}

//! The HTML shell, the router and the header.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{A, Route, Router, Routes},
    hooks::use_location,
    path,
};

use crate::components::PlainName;
use crate::error::AppError;
use crate::model::Me;
use crate::pages::{
    account::{AccountPage, AfterReportPage, ContactRulePage, ReportsPage, WarningsPage},
    audit::AuditPage,
    auth::{LoginPage, Logout, RegisterPage},
    email::{ConfirmEmailPage, ForgotPasswordPage, ResetPasswordPage, UnsubscribePage},
    filters::FiltersPage,
    forum::{ForumPage, NewTopicPage},
    guidelines::AcknowledgementsPage,
    help::{CrisisPage, GuidelinesPage, WelcomePage},
    history::{EditPostPage, HistoryPage},
    home::{HomePage, LatestPageView, UnreadPageView},
    messages::{ConversationPageView, HeldMessagesPage, MessagesPage, NewMessagePage},
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
    #[cfg(feature = "ssr")]
    let theme = requested_theme();
    #[cfg(not(feature = "ssr"))]
    let theme: Option<&'static str> = None;
    view! {
        <!DOCTYPE html>
        <html lang="en" data-theme=theme>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
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
        services::{base::people, messages, moderation, notifications},
    };
    let (state, viewer) = request_viewer().await?;
    let Some(viewer) = viewer else {
        return Ok(None);
    };
    let moderates = moderation::moderates_anything(&viewer);
    Ok(Some(Me {
        user: people::summary(&state.db, viewer.id).await?,
        unread_notifications: notifications::unread_count(&state.db, viewer.id).await?,
        unread_messages: messages::unread_conversations(&state.db, Some(&viewer)).await?,
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
                    <Route path=path!("/latest") view=LatestPageView ssr=SsrMode::Async/>
                    <Route path=path!("/unread") view=UnreadPageView ssr=SsrMode::Async/>
                    <Route path=path!("/f/:slug") view=ForumPage ssr=SsrMode::Async/>
                    <Route path=path!("/f/:slug/new") view=NewTopicPage ssr=SsrMode::Async/>
                    <Route path=path!("/t/:id") view=TopicPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/messages") view=MessagesPage ssr=SsrMode::Async/>
                    <Route path=path!("/messages/new") view=NewMessagePage ssr=SsrMode::Async/>
                    <Route path=path!("/messages/:id") view=ConversationPageView ssr=SsrMode::Async/>
                    <Route path=path!("/u/:name") view=ProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/:id/edit") view=EditPostPage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/:id/history") view=HistoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/:id/acknowledgements") view=AcknowledgementsPage ssr=SsrMode::Async/>
                    <Route path=path!("/queue") view=QueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/queue/appeals") view=AppealsPage ssr=SsrMode::Async/>
                    <Route path=path!("/queue/messages") view=HeldMessagesPage ssr=SsrMode::Async/>
                    <Route path=path!("/queue/resolved") view=ResolvedPage ssr=SsrMode::Async/>
                    <Route path=path!("/audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/filters") view=FiltersPage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/warnings") view=WarningsPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/reports") view=ReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/password/forgot") view=ForgotPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/password/reset/:token") view=ResetPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/email/confirm/:token") view=ConfirmEmailPage ssr=SsrMode::Async/>
                    <Route path=path!("/email/unsubscribe/:token") view=UnsubscribePage ssr=SsrMode::Async/>
                    <Route path=path!("/help/reports") view=AfterReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/help/contact-details") view=ContactRulePage ssr=SsrMode::Async/>
                    <Route path=path!("/help/crisis") view=CrisisPage ssr=SsrMode::Async/>
                    <Route path=path!("/guidelines") view=GuidelinesPage ssr=SsrMode::Async/>
                    <Route path=path!("/welcome") view=WelcomePage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
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
                <input id="header-q" name="q" type="search" placeholder="Search"
                    value=move || searched_for(location.pathname.get(), location.query.get().get("q"))/>
                <button type="submit" class="secondary">"Search"</button>
            </form>
            <Transition fallback=|| ()>
                {move || me.get().map(|me| match me {
                    Ok(Some(me)) => {
                        let unread = me.unread_notifications;
                        let unread_messages = me.unread_messages;
                        let moderates = me.moderates;
                        let sanctions = me.unacknowledged_sanctions;
                        let open_items = me.open_items;
                        let profile = format!("/u/{}", me.user.username);
                        view! {
                            <nav aria-label="Account" class="header-nav">
                                {moderates.then(|| view! {
                                    <A href="/queue" attr:class="icon-link" attr:data-testid="queue-link" attr:aria-label=queue_label(open_items)>
                                        <svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
                                            <path fill="currentColor" d="M19 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2zm0 12h-4a3 3 0 0 1-6 0H5V5h14z"/>
                                        </svg>
                                        <span class="label">"Queue"</span>
                                        <span class="badge-count" data-testid="queue-count" class:zero=move || open_items == 0>
                                            {crate::model::count_text(open_items)}
                                        </span>
                                    </A>
                                })}
                                <A href="/messages" attr:class="icon-link" attr:data-testid="messages-link"
                                    attr:aria-label=messages_label(unread_messages)>
                                    <svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
                                        <path fill="currentColor" d="M20 4H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2zm0 4-8 5-8-5V6l8 5 8-5z"/>
                                    </svg>
                                    <span class="label">"Messages"</span>
                                    <span class="badge-count" data-testid="messages-count" class:zero=move || unread_messages == 0>
                                        {crate::model::count_text(unread_messages)}
                                    </span>
                                </A>
                                <A href="/notifications" attr:class="icon-link notif-link" attr:data-testid="notifications-link"
                                    attr:aria-label=notifications_label(unread)>
                                    <svg class="bell" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
                                        <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6v-5a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"/>
                                    </svg>
                                    <span class="label">"Notifications"</span>
                                    <span class="badge-count" data-testid="unread-count" class:zero=move || unread == 0>
                                        {crate::model::count_text(unread)}
                                    </span>
                                </A>
                                <details class="menu">
                                    <summary aria-label="Menu">
                                        <span class="menu-icon" aria-hidden="true">"☰"</span>
                                        <span class="me"><PlainName user=me.user.clone()/></span>
                                        <span class="caret" aria-hidden="true">"▾"</span>
                                    </summary>
                                    <div class="menu-panel">
                                        <a href=profile>"Your profile"</a>
                                        <A href="/account" attr:data-testid="account-link">"Account"</A>
                                        <A href="/account/reports">"Your reports"</A>
                                        <A href="/account/warnings">"Warnings"</A>
                                        {moderates.then(|| view! { <A href="/queue/resolved">"Decided items"</A> })}
                                        <ActionForm action=logout attr:class="inline">
                                            <button type="submit" class="link-button">"Log out"</button>
                                        </ActionForm>
                                    </div>
                                </details>
                            </nav>
                            {(sanctions > 0).then(|| view! {
                                <a class="banner" role="alert" href="/account/warnings">
                                    "The moderators have sent you a message. Please read it."
                                </a>
                            })}
                        }.into_any()
                    }
                    _ => view! {
                        <nav aria-label="Account" class="header-nav">
                            <A href="/login" attr:class="icon-link">"Log in"</A>
                            <A href="/register" attr:class="button">"Join Haven"</A>
                        </nav>
                    }.into_any(),
                })}
            </Transition>
        </header>
    }
}

/// The header box keeps the query on the search page.
fn searched_for(path: String, query: Option<String>) -> String {
    if path == "/search" {
        query.unwrap_or_default()
    } else {
        String::new()
    }
}

/// What a screen reader hears for the messages link.
fn messages_label(unread: u64) -> String {
    match unread {
        0 => "Messages, none unread".to_string(),
        1 => "Messages, 1 conversation unread".to_string(),
        n => format!(
            "Messages, {} conversations unread",
            crate::model::count_text(n)
        ),
    }
}

/// What a screen reader hears for the notifications link.
fn notifications_label(unread: u64) -> String {
    match unread {
        0 => "Notifications, none unread".to_string(),
        n => format!("Notifications, {} unread", crate::model::count_text(n)),
    }
}

/// The footer of every page: the guidelines, where to find help now, and
/// what happens after a report.
#[component]
fn Footer() -> impl IntoView {
    let location = use_location();
    // Where the theme switch sends the person back to.
    let next = move || format!("{}{}", location.pathname.get(), location.search.get());
    view! {
        <footer class="site-footer">
            <nav aria-label="Help">
                <a href="/guidelines">"Guidelines"</a>
                <a href="/help/crisis" data-testid="crisis-link">"Crisis lines"</a>
                <a href="/help/reports">"What happens after a report"</a>
                <a href="/help/contact-details">"Why no contact details"</a>
            </nav>
            <p>"In danger right now? Call your local emergency number."</p>
            <form method="post" action="/fn/theme" class="theme-switch">
                <input type="hidden" name="next" value=next/>
                <span id="theme-label">"Theme:"</span>
                <div role="group" aria-labelledby="theme-label">
                    <button type="submit" name="theme" value="system" class="link-button">"Device"</button>
                    <button type="submit" name="theme" value="light" class="link-button">"Light"</button>
                    <button type="submit" name="theme" value="dark" class="link-button">"Dark"</button>
                </div>
            </form>
        </footer>
    }
}

/// The theme cookie's name: `light`, `dark`, or absent (follow the device).
pub const THEME_COOKIE: &str = "haven_theme";

/// Sets the theme (a cookie, so a guest can choose too) and reloads the page
/// the person was on. A plain form: the page reloads with the new theme.
#[server(prefix = "/fn", endpoint = "theme")]
pub async fn set_theme(theme: String, next: Option<String>) -> Result<(), AppError> {
    use http::{HeaderValue, header::SET_COOKIE};
    let cookie = match theme.as_str() {
        "light" | "dark" => {
            format!("{THEME_COOKIE}={theme}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly")
        }
        "system" => format!("{THEME_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly"),
        _ => return Err(AppError::field("theme", "Choose light, dark or device.")),
    };
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&cookie),
    ) {
        response.append_header(SET_COOKIE, value);
    }
    leptos_axum::redirect(&crate::server::auth::safe_next(next.as_deref()));
    Ok(())
}

/// The theme this request asked for with its cookie, if any.
#[cfg(feature = "ssr")]
fn requested_theme() -> Option<&'static str> {
    let parts = use_context::<http::request::Parts>()?;
    let cookies = parts.headers.get(http::header::COOKIE)?.to_str().ok()?;
    cookies.split(';').find_map(|c| {
        match c.trim().strip_prefix(THEME_COOKIE)?.strip_prefix('=')? {
            "light" => Some("light"),
            "dark" => Some("dark"),
            _ => None,
        }
    })
}

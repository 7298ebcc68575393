//! Pages that help people who are new or in trouble: the crisis lines, the
//! guidelines (everything pinned everywhere) and the welcome after sign-up.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Loaded, TopicRow};
use crate::error::AppError;
use crate::model::CrisisCountryView;
use crate::pages::home::global_pins;

/// The crisis directory, by country: the same list the contact filter
/// always lets through (`safety::crisis`), so a line shown here can
/// always be shared in a post.
#[server(prefix = "/fn", endpoint = "crisis_lines")]
pub async fn crisis_lines() -> Result<Vec<CrisisCountryView>, AppError> {
    use crate::model::CrisisLineView;
    use safety::crisis::{COUNTRIES, Channel, lines_of};
    Ok(COUNTRIES
        .iter()
        .map(|country| CrisisCountryView {
            code: country.code.into(),
            name: country.name.into(),
            emergency: country.emergency.into(),
            lines: lines_of(country.code)
                .map(|line| {
                    let digits: String = line
                        .contact
                        .chars()
                        .filter(|c| c.is_ascii_digit() || *c == '+')
                        .collect();
                    let (how, href) = match line.channel {
                        Channel::Phone => ("Call", format!("tel:{digits}")),
                        Channel::Text => ("Text", format!("sms:{digits}")),
                        Channel::Email => ("E-mail", format!("mailto:{}", line.contact)),
                    };
                    CrisisLineView {
                        service: line.service.into(),
                        how: how.into(),
                        contact: line.contact.into(),
                        href,
                        source: line.source.into(),
                    }
                })
                .collect(),
        })
        .collect())
}

/// `/help/crisis`: where to turn right now, by country. Linked from every
/// page's footer, from the "Someone may be at risk" flag reason and from
/// the welcome.
#[component]
pub fn CrisisPage() -> impl IntoView {
    let countries = Resource::new(|| (), |_| crisis_lines());
    view! {
        <Title text="Crisis lines"/>
        <section class="card crisis">
            <h1>"If you need help now"</h1>
            <p class="lead">"If you or someone else is in danger right now, call your local emergency number. Haven's members and moderators care, but they cannot come to you."</p>
            <p>"These free lines have trained people to talk to, any time. You can always share them in a post: the contact filter never holds them."</p>
            <Loaded resource=countries render=move |countries| view! {
                <nav aria-label="Countries" class="country-index">
                    <ul>
                        {countries.iter().map(|c| view! {
                            <li><a href=format!("#country-{}", c.code)>{c.name.clone()}</a></li>
                        }).collect_view()}
                    </ul>
                </nav>
                {countries.into_iter().map(|c| view! {
                    <section class="crisis-country" id=format!("country-{}", c.code) data-testid="crisis-country">
                        <h2>{c.name.clone()}</h2>
                        <p class="emergency">"Emergency: " <a href=format!("tel:{}", c.emergency.split(' ').next().unwrap_or_default())>{c.emergency.clone()}</a></p>
                        <ul>
                            {c.lines.into_iter().map(|l| view! {
                                <li>
                                    <span class="service">{l.service}</span> ": " {l.how} " "
                                    <a href=l.href>{l.contact}</a>
                                    " " <a class="source" href=l.source rel="noopener noreferrer">"(website)"</a>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                }).collect_view()}
            }/>
        </section>
    }
}

/// `/guidelines`: every topic staff pinned everywhere, the community's
/// guidelines, one click from any page's footer.
#[component]
pub fn GuidelinesPage() -> impl IntoView {
    let pinned = Resource::new(|| (), |_| global_pins());
    view! {
        <Title text="Guidelines"/>
        <h1>"Guidelines"</h1>
        <p>"What staff ask of everyone here. Each has an edit history, so you can see what changed and when."</p>
        <Loaded resource=pinned render=move |pinned| {
            if pinned.is_empty() {
                view! { <p class="empty">"Nothing is pinned yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="topic-list pinned-list">
                        {pinned.into_iter().map(|topic| view! { <TopicRow topic/> }).collect_view()}
                    </ul>
                }.into_any()
            }
        }/>
    }
}

/// `/welcome`: where a new account lands after sign-up.
#[component]
pub fn WelcomePage() -> impl IntoView {
    view! {
        <Title text="Welcome"/>
        <section class="card welcome" data-testid="welcome">
            <h1>"Welcome to Haven"</h1>
            <p class="lead">"This is a place to talk and be heard, with people who have been there and volunteers who listen."</p>
            <ol>
                <li>"Read the " <a href="/guidelines">"guidelines"</a> ": they are short, and they keep this place safe."</li>
                <li>"Keep contact details to yourself: no numbers, apps, e-mail or addresses, yours or anyone's. Posts that share them wait for a moderator. " <a href="/help/contact-details">"Why"</a></li>
                <li>"If something feels wrong, press Flag under the post. A mentor will look, and you will hear what happened."</li>
                <li>"If you need help now, see the " <a href="/help/crisis">"crisis lines"</a> "."</li>
            </ol>
            <p><a class="button" href="/">"Go to the forums"</a></p>
        </section>
    }
}

/// Whether the viewer has yet to publish a post (guests: no).
#[server(prefix = "/fn", endpoint = "first_post")]
pub async fn first_post() -> Result<bool, AppError> {
    use crate::server::{request_viewer, services::accounts};
    let (state, viewer) = request_viewer().await?;
    match viewer {
        Some(viewer) => Ok(!accounts::has_posted(&state.db, viewer.id).await?),
        None => Ok(false),
    }
}

/// Whether to show the first-post tip: made at a composer's top level
/// (outside its Suspense), so the server's answer travels with the page and
/// hydration sees the same tip.
pub fn first_post_resource() -> Resource<Result<bool, AppError>> {
    Resource::new(|| (), |_| first_post())
}

/// Above a composer, for someone who has never posted: the one rule new
/// people break without meaning to. Read inside the composer's Suspense.
#[component]
pub fn FirstPostTip(first: Resource<Result<bool, AppError>>) -> impl IntoView {
    move || {
        matches!(first.get(), Some(Ok(true))).then(|| view! {
            <p class="first-post-tip" data-testid="first-post-tip">
                "Your first post: welcome. Please keep contact details out of it (numbers, apps, e-mail, addresses): posts with them wait for a moderator. "
                <a href="/help/contact-details">"Why"</a>
            </p>
        })
    }
}

//! A person's profile.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{Loaded, UserName, When, plural};
use crate::error::AppError;
use crate::model::Profile;

#[server(prefix = "/fn", endpoint = "profile")]
pub async fn get_profile(name: String) -> Result<Profile, AppError> {
    use crate::server::{services::accounts, state};
    accounts::profile(&state()?.db, &name).await
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let params = use_params_map();
    let profile = Resource::new(
        move || params.read().get("name").unwrap_or_default(),
        get_profile,
    );
    view! {
        <Loaded resource=profile render=move |p| {
                    let state = match p.account_state.as_str() {
                        "break" => "On a self-care break".to_string(),
                        "suspended" => match p.suspended_until {
                            Some(until) => format!("Suspended until {}", until.format("%Y-%m-%d")),
                            None => "Suspended".to_string(),
                        },
                        "deactivated" => "Deactivated".to_string(),
                        _ => "Active".to_string(),
                    };
                    view! {
                        <Title text=p.user.username.clone()/>
                        <section class="card profile">
                            <h1><UserName user=p.user.clone()/></h1>
                            <p class="account-state">{state}</p>
                            <p>"Joined " <When at=p.joined/> {format!(" · {}", plural(p.post_count, "post"))}</p>
                            {(!p.bio.is_empty()).then(|| view! { <p class="bio">{p.bio.clone()}</p> })}
                        </section>
                    }.into_any()
                }/>
    }
}

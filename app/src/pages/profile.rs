//! A person's profile. Moderators also see the person's moderation record
//! (and leaders their report accuracy); staff can change their roles here.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{Avatar, Loaded, UserName, When, plural};
use crate::error::AppError;
use crate::model::{AccountState, Profile, ProfilePost, ProfileTopic, Role, RoleSettings};
use crate::pages::messages::ProfileMessaging;

#[server(prefix = "/fn", endpoint = "profile")]
pub async fn get_profile(name: String) -> Result<Profile, AppError> {
    use crate::server::services::accounts;
    let (state, viewer) = crate::server::request_viewer().await?;
    accounts::profile(&state.db, viewer.as_ref(), &name).await
}

/// Staff set a person's site role and listener status. `listener` is "on"
/// when the box is ticked.
#[server(prefix = "/fn", endpoint = "set_role")]
pub async fn set_role(
    user_id: i32,
    role: String,
    listener: Option<String>,
) -> Result<(), AppError> {
    use crate::server::services::accounts::{self, RoleChange};
    let (state, viewer) = crate::server::request_viewer().await?;
    let role: Role = AppError::parse_field("role", &role)?;
    let change = RoleChange {
        role: Some(role),
        is_listener: Some(listener.is_some()),
        mentor: None,
    };
    accounts::change_roles(&state.db, viewer.as_ref(), user_id, change).await
}

/// Staff make a person a mentor of a forum, or end that.
#[server(prefix = "/fn", endpoint = "set_mentor")]
pub async fn set_mentor(user_id: i32, forum_id: i32, mentor: bool) -> Result<(), AppError> {
    use crate::server::services::accounts::{self, RoleChange};
    let (state, viewer) = crate::server::request_viewer().await?;
    let change = RoleChange {
        mentor: Some((forum_id, mentor)),
        ..Default::default()
    };
    accounts::change_roles(&state.db, viewer.as_ref(), user_id, change).await
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let params = use_params_map();
    let set_role = ServerAction::<SetRole>::new();
    let set_mentor = ServerAction::<SetMentor>::new();
    let profile = Resource::new(
        move || {
            (
                params.read().get("name").unwrap_or_default(),
                set_role.version().get(),
                set_mentor.version().get(),
            )
        },
        |(name, _, _)| get_profile(name),
    );
    view! {
        <Loaded resource=profile render=move |p| {
                    let state = match p.account_state {
                        AccountState::Suspended => match p.suspended_until {
                            Some(until) => format!("Suspended until {}", until.format("%Y-%m-%d")),
                            None => "Suspended".to_string(),
                        },
                        AccountState::Active if p.deactivated => "Deactivated".to_string(),
                        AccountState::Active if p.on_break => "On a self-care break".to_string(),
                        AccountState::Active => "Active".to_string(),
                    };
                    let user_id = p.user.id;
                    view! {
                        <Title text=p.user.username.clone()/>
                        <section class="card profile">
                            <h1><Avatar name=p.user.username.clone()/> <UserName user=p.user.clone()/></h1>
                            <p class="account-state" data-testid="account-state">{state}</p>
                            <p>"Joined " <When at=p.joined/> {format!(" · {}", plural(p.post_count, "post"))}</p>
                            {(!p.bio.is_empty()).then(|| view! { <p class="bio">{p.bio.clone()}</p> })}
                            {(!p.user.badges.is_empty()).then(|| view! {
                                <dl class="badge-meanings" data-testid="badge-meanings">
                                    {p.user.badges.iter().map(|b| view! {
                                        <dt><span class=format!("badge badge-{}", b.label())>{b.label()}</span></dt>
                                        <dd>{b.meaning()}</dd>
                                    }).collect_view()}
                                </dl>
                            })}
                        </section>
                        {p.can_message.then(|| view! { <ProfileMessaging name=p.user.username.clone()/> })}
                        <RecentActivity posts=p.recent_posts.clone() topics=p.recent_topics.clone()/>
                        {p.record.map(|r| view! {
                            <section class="card record" data-testid="moderation-record">
                                <h2>"Moderation record"</h2>
                                <p>{format!("{} · {}", plural(r.warnings, "warning"), plural(r.suspensions, "suspension"))}</p>
                                {r.flag_accuracy.map(|(agreed, disagreed)| view! {
                                    <p class="accuracy">{format!(
                                        "Reports: {agreed} agreed with, {disagreed} not agreed with{}",
                                        (agreed * 100)
                                            .checked_div(agreed + disagreed)
                                            .map(|percent| format!(" ({percent}% accurate)"))
                                            .unwrap_or_default()
                                    )}</p>
                                })}
                            </section>
                        })}
                        {p.roles.map(|roles| view! { <RolesEditor user_id roles set_role set_mentor/> })}
                    }.into_any()
                }/>
    }
}

#[component]
fn RolesEditor(
    user_id: i32,
    roles: RoleSettings,
    set_role: ServerAction<SetRole>,
    set_mentor: ServerAction<SetMentor>,
) -> impl IntoView {
    view! {
        <section class="card roles">
            <h2>"Roles"</h2>
            // Refusals name the role rule ("… must be adults"): shown as they are.
            <p class="form-error" role="alert">{move || role_error(set_role.value().get())}</p>
            <p class="form-error" role="alert">{move || role_error(set_mentor.value().get())}</p>
            <ActionForm action=set_role>
                <input type="hidden" name="user_id" value=user_id/>
                <label for="role">"Role"</label>
                <select id="role" name="role">
                    {[Role::Member, Role::GlobalLeader, Role::Staff].into_iter().map(|r| view! {
                        <option value=r.as_str() selected=roles.role == r>{r.as_str().replace('_', " ")}</option>
                    }).collect_view()}
                </select>
                <label class="check">
                    <input type="checkbox" name="listener" checked=roles.is_listener/>
                    " Listener"
                </label>
                <button type="submit">"Save role"</button>
            </ActionForm>
            <h3>"Mentor of"</h3>
            <ul class="mentorships">
                {roles.forums.into_iter().map(|(id, name)| {
                    let mentors = roles.mentor_of.contains(&id);
                    view! {
                        <li>
                            <ActionForm action=set_mentor attr:class="inline">
                                <input type="hidden" name="user_id" value=user_id/>
                                <input type="hidden" name="forum_id" value=id/>
                                <input type="hidden" name="mentor" value=(!mentors).to_string()/>
                                {name} {if mentors { " (mentor) " } else { " " }}
                                <button type="submit" class="secondary">
                                    {if mentors { "End mentorship" } else { "Make mentor" }}
                                </button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The message of a refused role change, whether a field's or the form's.
fn role_error(result: Option<Result<(), AppError>>) -> Option<String> {
    let error = result?.err()?;
    Some(
        ["role", "mentor_of"]
            .iter()
            .find_map(|field| error.field_message(field))
            .unwrap_or_else(|| error.to_string()),
    )
}

/// A person's latest public posts and the topics they started.
#[component]
fn RecentActivity(posts: Vec<ProfilePost>, topics: Vec<ProfileTopic>) -> impl IntoView {
    view! {
        <section class="card recent" data-testid="recent-topics">
            <h2>"Topics started"</h2>
            {topics.is_empty().then(|| view! { <p class="empty">"None yet."</p> })}
            <ul class="recent-list">
                {topics.into_iter().map(|t| view! {
                    <li>
                        <a href=format!("/t/{}", t.id)>{t.title}</a>
                        <span class="meta">{format!(" · {} · {} · ", t.forum_name, plural(t.post_count as u64, "post"))}<When at=t.created_at/></span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section class="card recent" data-testid="recent-posts">
            <h2>"Recent posts"</h2>
            {posts.is_empty().then(|| view! { <p class="empty">"None yet."</p> })}
            <ul class="recent-list">
                {posts.into_iter().map(|p| view! {
                    <li>
                        <a href=format!("/p/{}", p.post_id) rel="external">{p.topic_title}</a>
                        <span class="meta">" · "<When at=p.created_at/></span>
                        <p class="excerpt">{p.excerpt}</p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

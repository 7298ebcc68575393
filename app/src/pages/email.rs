//! E-mail, seen by the person: their address and what they get by e-mail
//! (a section of the account page), the confirmation and unsubscribe
//! links, and password reset by e-mail. When the site has no SMTP server
//! these pages say so and point to staff.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{FieldMessage, Loaded, field_error, form_error};
use crate::error::AppError;
use crate::model::{EmailSettingsView, MIN_PASSWORD_CHARS};

#[server(prefix = "/fn", endpoint = "email_settings")]
pub async fn email_settings() -> Result<EmailSettingsView, AppError> {
    use crate::server::{request_viewer, services::email};
    let (state, viewer) = request_viewer().await?;
    email::settings(&state.db, viewer.as_ref(), state.mail.as_ref()).await
}

#[server(prefix = "/fn", endpoint = "set_email")]
pub async fn set_email(address: String) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::email};
    let (state, viewer) = request_viewer().await?;
    email::set_address(&state.db, viewer.as_ref(), state.mail.as_ref(), &address).await
}

#[server(prefix = "/fn", endpoint = "remove_email")]
pub async fn remove_email() -> Result<(), AppError> {
    use crate::server::{request_viewer, services::email};
    let (state, viewer) = request_viewer().await?;
    email::remove_address(&state.db, viewer.as_ref()).await
}

/// Checkboxes: present means on.
#[server(prefix = "/fn", endpoint = "set_email_prefs")]
pub async fn set_email_prefs(
    mentions: Option<String>,
    replies: Option<String>,
    reports: Option<String>,
    policy: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{request_viewer, services::email};
    let (state, viewer) = request_viewer().await?;
    let prefs = crate::model::EmailPrefs {
        mentions: mentions.is_some(),
        replies: replies.is_some(),
        reports: reports.is_some(),
        policy: policy.is_some(),
    };
    email::set_prefs(&state.db, viewer.as_ref(), prefs).await
}

/// Whether this site sends e-mail (no login needed: the forgotten-password
/// page asks).
#[server(prefix = "/fn", endpoint = "email_available")]
pub async fn email_available() -> Result<bool, AppError> {
    let state = crate::server::state()?;
    Ok(state.mail.is_some())
}

#[server(prefix = "/fn", endpoint = "confirmation_pending")]
pub async fn confirmation_pending(token: String) -> Result<bool, AppError> {
    use crate::server::services::email;
    let state = crate::server::state()?;
    email::confirmation_pending(&state.db, &token).await
}

#[server(prefix = "/fn", endpoint = "confirm_email")]
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    use crate::server::services::email;
    let state = crate::server::state()?;
    email::confirm(&state.db, &token).await
}

#[server(prefix = "/fn", endpoint = "unsubscribe_email")]
pub async fn unsubscribe_email(token: String) -> Result<(), AppError> {
    use crate::server::services::email;
    let state = crate::server::state()?;
    email::unsubscribe(&state.db, &token).await
}

/// Counted against the same per-address limit as logging in.
#[server(prefix = "/fn", endpoint = "request_password_reset")]
pub async fn request_password_reset(who: String) -> Result<(), AppError> {
    use crate::server::{client_address, services::accounts, state};
    let state = state()?;
    state.limits.attempt(&client_address().await, who.trim())?;
    accounts::request_password_reset(&state.db, state.mail.as_ref(), &who).await
}

#[server(prefix = "/fn", endpoint = "reset_link_valid")]
pub async fn reset_link_valid(token: String) -> Result<bool, AppError> {
    use crate::server::services::accounts;
    let state = crate::server::state()?;
    accounts::reset_link_valid(&state.db, &token).await
}

/// Sets the new password; the login page follows.
#[server(prefix = "/fn", endpoint = "reset_password")]
pub async fn reset_password(token: String, new_password: String) -> Result<(), AppError> {
    use crate::server::services::accounts;
    let state = crate::server::state()?;
    accounts::reset_password_with_link(&state.db, &token, &new_password).await?;
    leptos_axum::redirect("/login?reset=1");
    Ok(())
}

/// The account page's e-mail section (`/account#email`).
#[component]
pub fn EmailSection() -> impl IntoView {
    let set = ServerAction::<SetEmail>::new();
    let remove = ServerAction::<RemoveEmail>::new();
    let prefs = ServerAction::<SetEmailPrefs>::new();
    let set_value = Signal::derive(move || set.value().get());
    let prefs_value = Signal::derive(move || prefs.value().get());
    let settings = Resource::new(
        move || {
            (
                set.version().get(),
                remove.version().get(),
                prefs.version().get(),
            )
        },
        |_| email_settings(),
    );
    view! {
        <section class="card" id="email" aria-labelledby="email-title">
            <h2 id="email-title">"E-mail"</h2>
            <p>"On Haven you always see every notification. E-mail is extra, and only what you choose below."</p>
            <Loaded resource=settings render=move |s: EmailSettingsView| {
                if !s.available {
                    return view! {
                        <p data-testid="email-unavailable">"This site does not send e-mail. If you forget your password, the people who run Haven can set a new one for you."</p>
                    }.into_any();
                }
                let status = match (&s.address, s.confirmed) {
                    (None, _) => view! { <p>"You have not given an e-mail address."</p> }.into_any(),
                    (Some(a), true) => view! {
                        <p data-testid="email-status">"E-mail goes to " <strong>{a.clone()}</strong> " (confirmed)."</p>
                    }.into_any(),
                    (Some(a), false) => view! {
                        <p data-testid="email-status">"We sent a confirmation link to " <strong>{a.clone()}</strong>
                        ". Nothing else is sent there until you open it."</p>
                    }.into_any(),
                };
                let has_address = s.address.is_some();
                let p = s.prefs;
                view! {
                    {status}
                    <ActionForm action=set>
                        <label for="email-address">{if has_address { "Change address" } else { "E-mail address" }}</label>
                        <input id="email-address" name="address" type="email" autocomplete="email"
                            aria-describedby="address-error" required/>
                        <FieldMessage message=Signal::derive(field_error(set_value, "address")) id="address-error"/>
                        <p class="form-error" role="alert">{form_error(set_value)}</p>
                        <button type="submit">"Send confirmation link"</button>
                        {move || matches!(set_value.get(), Some(Ok(()))).then(|| view! {
                            <p class="notice" data-testid="email-sent">"Check your inbox for the confirmation link."</p>
                        })}
                    </ActionForm>
                    {has_address.then(|| view! {
                        <fieldset class="choices">
                            <legend>"E-mail me about"</legend>
                            <ActionForm action=prefs>
                                <PrefBox name="mentions" label="Mentions of me" checked=p.mentions/>
                                <PrefBox name="replies" label="Replies to my topics" checked=p.replies/>
                                <PrefBox name="reports" label="What happened to my reports" checked=p.reports/>
                                <PrefBox name="policy" label="Updates to guidelines" checked=p.policy/>
                                <p class="hint">"At most one e-mail every few minutes, only for what you have not already seen here. Never the text of a hidden post."</p>
                                <p class="form-error" role="alert">{form_error(prefs_value)}</p>
                                <button type="submit">"Save e-mail choices"</button>
                                {move || matches!(prefs_value.get(), Some(Ok(()))).then(|| view! {
                                    <p class="notice" data-testid="prefs-saved">"Saved."</p>
                                })}
                            </ActionForm>
                        </fieldset>
                        <ActionForm action=remove>
                            <button type="submit" class="secondary">"Remove my address"</button>
                        </ActionForm>
                    })}
                }.into_any()
            }/>
        </section>
    }
}

#[component]
fn PrefBox(name: &'static str, label: &'static str, checked: bool) -> impl IntoView {
    let id = format!("pref-{name}");
    view! {
        <div class="choice">
            <input id=id.clone() name=name type="checkbox" value="on" checked=checked/>
            <label for=id>{label}</label>
        </div>
    }
}

/// `/password/forgot`
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let value = Signal::derive(move || action.value().get());
    let available = Resource::new(|| (), |_| email_available());
    view! {
        <Title text="Forgot your password?"/>
        <section class="card narrow">
            <h1>"Forgot your password?"</h1>
            <Loaded resource=available render=move |available| {
                if !available {
                    return view! {
                        <p data-testid="reset-by-staff">"This site does not send e-mail, so passwords are reset by the people who run it. Ask a staff member (for example through someone you know here) to set a new one for you; they never need your old one."</p>
                    }.into_any();
                }
                view! {
                    <p>"If your account has a confirmed e-mail address, we will send a link to choose a new password. It works once, for an hour."</p>
                    <ActionForm action=action>
                        <label for="who">"Your name or e-mail address"</label>
                        <input id="who" name="who" autocomplete="username" required aria-describedby="who-error"/>
                        <FieldMessage message=Signal::derive(field_error(value, "who")) id="who-error"/>
                        <p class="form-error" role="alert">{form_error(value)}</p>
                        <button type="submit" disabled=move || action.pending().get()>"Send the link"</button>
                    </ActionForm>
                    {move || matches!(value.get(), Some(Ok(()))).then(|| view! {
                        <p class="notice" role="status" data-testid="reset-sent">
                            "If that account has a confirmed e-mail address, a link is on its way. No e-mail? The people who run Haven can set a new password for you."
                        </p>
                    })}
                }.into_any()
            }/>
            <p><a href="/login">"Back to log in"</a></p>
        </section>
    }
}

/// `/password/reset/{token}`: the link from the e-mail.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let action = ServerAction::<ResetPassword>::new();
    let value = Signal::derive(move || action.value().get());
    let valid = Resource::new(token, reset_link_valid);
    view! {
        <Title text="Choose a new password"/>
        <section class="card narrow">
            <h1>"Choose a new password"</h1>
            <Loaded resource=valid render=move |valid| {
                if !valid {
                    return view! {
                        <p data-testid="reset-expired">"This link was already used or has expired. " <a href="/password/forgot">"Ask for a new one"</a> "."</p>
                    }.into_any();
                }
                view! {
                    <ActionForm action=action>
                        <input type="hidden" name="token" value=token/>
                        <label for="new-password">"New password"</label>
                        <input id="new-password" name="new_password" type="password" autocomplete="new-password"
                            minlength=MIN_PASSWORD_CHARS.to_string() required aria-describedby="new-password-error"/>
                        <p class="hint">{format!("At least {MIN_PASSWORD_CHARS} characters.")}</p>
                        <FieldMessage message=Signal::derive(field_error(value, "new_password")) id="new-password-error"/>
                        <p class="form-error" role="alert">{form_error(value)}</p>
                        <button type="submit" disabled=move || action.pending().get()>"Set new password"</button>
                    </ActionForm>
                }.into_any()
            }/>
        </section>
    }
}

/// `/email/confirm/{token}`: confirming takes a press, so a mail scanner
/// that opens links confirms nothing.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let action = ServerAction::<ConfirmEmail>::new();
    let value = Signal::derive(move || action.value().get());
    let pending = Resource::new(token, confirmation_pending);
    view! {
        <Title text="Confirm your e-mail address"/>
        <section class="card narrow">
            <h1>"Confirm your e-mail address"</h1>
            {move || match value.get() {
                Some(Ok(())) => view! {
                    <p class="notice" role="status" data-testid="email-confirmed">"Thank you: your address is confirmed. Choose what you get on " <a href="/account#email">"your account page"</a> "."</p>
                }.into_any(),
                _ => view! {
                    <Loaded resource=pending render=move |pending| {
                        if !pending {
                            return view! {
                                <p data-testid="confirm-expired">"This link was already used or has expired. You can ask for a new one on " <a href="/account#email">"your account page"</a> "."</p>
                            }.into_any();
                        }
                        view! {
                            <ActionForm action=action>
                                <input type="hidden" name="token" value=token/>
                                <p class="form-error" role="alert">{form_error(value)}</p>
                                <button type="submit">"Confirm"</button>
                            </ActionForm>
                        }.into_any()
                    }/>
                }.into_any(),
            }}
        </section>
    }
}

/// `/email/unsubscribe/{token}`: the link at the foot of every
/// notification e-mail. Mail programs use the one-click POST of the same
/// token in the API instead.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let action = ServerAction::<UnsubscribeEmail>::new();
    let value = Signal::derive(move || action.value().get());
    view! {
        <Title text="Stop notification e-mails"/>
        <section class="card narrow">
            <h1>"Stop notification e-mails"</h1>
            {move || match value.get() {
                Some(Ok(())) => view! {
                    <p class="notice" role="status" data-testid="unsubscribed">"Done: no more notification e-mails. You still see everything on Haven, and can choose again on " <a href="/account#email">"your account page"</a> "."</p>
                }.into_any(),
                _ => view! {
                    <p>"No more e-mails about mentions, replies, reports or guideline updates. You will still see them on Haven."</p>
                    <ActionForm action=action>
                        <input type="hidden" name="token" value=token/>
                        <p class="form-error" role="alert">{form_error(value)}</p>
                        <button type="submit">"Unsubscribe"</button>
                    </ActionForm>
                }.into_any(),
            }}
        </section>
    }
}

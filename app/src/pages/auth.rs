//! Log in, register, log out.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{FieldMessage, field_error, form_error};
use crate::error::AppError;
use crate::model::MIN_PASSWORD_CHARS;

#[server(prefix = "/fn", endpoint = "login")]
pub async fn login(
    username: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{auth, client_address, session, state};
    let state = state()?;
    let session = session().await?;
    let user = auth::log_in(
        &state,
        &session,
        &client_address().await,
        &username,
        &password,
    )
    .await?;
    if user.deactivated_at.is_some() {
        // They came back: the account page says so.
        leptos_axum::redirect("/account?reactivated=1");
    } else {
        leptos_axum::redirect(&auth::safe_next(next.as_deref()));
    }
    Ok(())
}

#[server(prefix = "/fn", endpoint = "register")]
pub async fn register(
    username: String,
    password: String,
    birth_date: String,
) -> Result<(), AppError> {
    use crate::server::{auth, client_address, services::accounts::Registration, session, state};
    let state = state()?;
    let session = session().await?;
    let input = Registration {
        username,
        password,
        birth_date,
    };
    auth::register(&state, &session, &client_address().await, input).await?;
    leptos_axum::redirect("/welcome");
    Ok(())
}

#[server(prefix = "/fn", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::{auth, session};
    auth::log_out(&session().await?).await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let value = Signal::derive(move || action.value().get());
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    view! {
        <Title text="Log in"/>
        <section class="card narrow">
            <h1>"Log in"</h1>
            {move || query.read().get("reset").is_some().then(|| view! {
                <p class="notice" role="status" data-testid="password-was-reset">"Your password was changed. Log in with the new one."</p>
            })}
            <ActionForm action=action>
                <input type="hidden" name="next" value=next/>
                <p class="form-error" role="alert">{form_error(value)}</p>
                <label for="username">"Name"</label>
                <input id="username" name="username" autocomplete="username" required/>
                <FieldMessage message=Signal::derive(field_error(value, "username")) id="username-error"/>
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
                <FieldMessage message=Signal::derive(field_error(value, "password")) id="password-error"/>
                <button type="submit" disabled=move || action.pending().get()>"Log in"</button>
            </ActionForm>
            <p><a href="/password/forgot">"Forgot your password?"</a></p>
            <p>"New here? " <a href="/register">"Join Haven"</a></p>
        </section>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let action = ServerAction::<Register>::new();
    let value = Signal::derive(move || action.value().get());
    view! {
        <Title text="Join Haven"/>
        <section class="card narrow">
            <h1>"Join Haven"</h1>
            <p class="hint">"Choose a name that doesn't identify you. Your date of birth is never shown; it decides whether you see the teen forums."</p>
            <ActionForm action=action>
                <p class="form-error" role="alert">{form_error(value)}</p>
                <label for="username">"Name"</label>
                <input id="username" name="username" autocomplete="username" required minlength="3" maxlength="32"/>
                <FieldMessage message=Signal::derive(field_error(value, "username")) id="username-error"/>
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="new-password" required
                    minlength=MIN_PASSWORD_CHARS.to_string()/>
                <p class="hint">{format!("At least {MIN_PASSWORD_CHARS} characters.")}</p>
                <FieldMessage message=Signal::derive(field_error(value, "password")) id="password-error"/>
                <label for="birth_date">"Date of birth"</label>
                <input id="birth_date" name="birth_date" type="date" required/>
                <FieldMessage message=Signal::derive(field_error(value, "birth_date")) id="birth_date-error"/>
                <button type="submit" disabled=move || action.pending().get()>"Create account"</button>
            </ActionForm>
        </section>
    }
}

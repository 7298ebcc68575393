//! The 404 page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::ErrorNote;
use crate::error::AppError;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <Title text="Not found"/>
        <ErrorNote error=AppError::NotFound/>
    }
}

//! One module per route.

pub mod account;
pub mod administrations;
pub mod home;
pub mod jobs;
pub mod legal;
pub mod not_found;
pub mod offer;
pub mod offers;
pub mod spaces;
pub mod student;

use crate::api::AppError;
use crate::components::status::ErrorAlert;
use leptos::prelude::*;

/// What a detail page shows once its item is loaded: the item, the 404 page when it
/// does not exist, or the error.
pub fn detail_or_not_found<T, V: IntoView + 'static>(
    outcome: Result<Option<T>, AppError>,
    render: impl FnOnce(T) -> V,
) -> AnyView {
    match outcome {
        Ok(Some(item)) => render(item).into_any(),
        Ok(None) => view! { <not_found::NotFound /> }.into_any(),
        Err(error) => view! {
            <div class="fr-container fr-my-6w">
                <ErrorAlert error />
            </div>
        }
        .into_any(),
    }
}

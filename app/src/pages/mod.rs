//! One module per route, grouped by space. The public catalogue's pages are in the
//! WASM every visitor downloads; the account pages and the student's, ambassador's and
//! organiser's spaces are lazy routes (see [`lazy_page!`]), fetched when visited.
//! (Catalogue pages as lazy routes too were measured: the code they share then moves
//! into many small chunks, and a first visit of `/offres` downloads more, in 116
//! requests instead of a handful; see docs/benchmarks.md.)

/// Declares `$route`, a lazy route showing the component `$page`: the browser downloads
/// the page's code (its own WASM chunk) only when the page is shown.
macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> leptos::prelude::AnyView {
                leptos::prelude::IntoAny::into_any(leptos::prelude::view! { <$page /> })
            }
        }
    };
}

pub mod account;
pub mod administrations;
pub mod ambassador;
pub mod audit;
pub mod coaching;
pub mod editions;
pub mod home;
pub mod jobs;
pub mod legal;
pub mod not_found;
pub mod offer;
pub mod offer_editor;
pub mod offer_review;
pub mod offers;
pub mod organiser;
pub mod outbox;
pub mod pairing;
pub mod statistics;
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

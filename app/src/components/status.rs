//! Loading and error states shared by the pages.

use crate::api::AppError;
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="fr-text--sm" role="status">"Chargement…"</p> }
}

/// The page being read, path and query (the router gives the query without its `?`),
/// to come back to it after signing in.
pub fn current_page(location: &leptos_router::location::Location) -> String {
    let (path, query) = (
        location.pathname.get_untracked(),
        location.search.get_untracked(),
    );
    if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.trim_start_matches('?'))
    }
}

/// The message shown when a server function failed (already in French); a visitor who
/// must sign in gets the link to do so, back to this page afterwards.
#[component]
pub fn ErrorAlert(error: AppError) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let sign_in = matches!(error, AppError::Unauthenticated).then(|| {
        let href = crate::domain::account::sign_in_link(&current_page(&location));
        view! {
            <p>
                <a class="fr-link" href=href>"Se connecter"</a>
                " ou "
                <a class="fr-link" href="/inscription">"créer un compte"</a>
            </p>
        }
    });
    view! {
        <div class="fr-alert fr-alert--error fr-mb-4w" role="alert">
            <h2 class="fr-alert__title">"Une erreur est survenue"</h2>
            <p>{error.to_string()}</p>
            {sign_in}
        </div>
    }
}

/// A DSFR breadcrumb; the last entry is the current page.
#[component]
pub fn Breadcrumb(trail: Vec<(String, String)>, current: String) -> impl IntoView {
    let current_lang = crate::domain::text::language_of(&current);
    view! {
        <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
            <button class="fr-breadcrumb__button" aria-expanded="false" aria-controls="fil-ariane">
                "Voir le fil d'Ariane"
            </button>
            <div class="fr-collapse" id="fil-ariane">
                <ol class="fr-breadcrumb__list">
                    {trail
                        .into_iter()
                        .map(|(href, label)| {
                            view! {
                                <li>
                                    <a class="fr-breadcrumb__link" href=href>{label}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                    <li>
                        <a class="fr-breadcrumb__link" aria-current="page" lang=current_lang>{current}</a>
                    </li>
                </ol>
            </div>
        </nav>
    }
}

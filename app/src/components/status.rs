//! Loading and error states shared by the pages.

use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="fr-text--sm" role="status">"Chargement…"</p> }
}

/// The message shown when a server function failed (already in French).
#[component]
pub fn ErrorAlert(error: ServerFnError) -> impl IntoView {
    let message = match error {
        ServerFnError::ServerError(message) => message,
        _ => "Le service est momentanément indisponible. Réessayez dans quelques instants."
            .to_string(),
    };
    view! {
        <div class="fr-alert fr-alert--error fr-mb-4w" role="alert">
            <h2 class="fr-alert__title">"Une erreur est survenue"</h2>
            <p>{message}</p>
        </div>
    }
}

/// A DSFR breadcrumb; the last entry is the current page.
#[component]
pub fn Breadcrumb(trail: Vec<(String, String)>, current: String) -> impl IntoView {
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
                        <a class="fr-breadcrumb__link" aria-current="page">{current}</a>
                    </li>
                </ol>
            </div>
        </nav>
    }
}

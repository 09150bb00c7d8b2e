use leptos::prelude::*;
use leptos_meta::Title;

/// The 404 page; also used by detail pages whose item does not exist.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::api::context::set_not_found();
    view! {
        <Title text="Page non trouvée" />
        <div class="fr-container fr-my-8w">
            <h1>"Page non trouvée"</h1>
            <p class="fr-text--sm fr-mb-3w">"Erreur 404"</p>
            <p class="fr-text--lead fr-mb-3w">
                "La page que vous cherchez est introuvable. Excusez-nous pour la gêne occasionnée."
            </p>
            <p class="fr-mb-5w">
                "Si vous avez tapé l'adresse web dans le navigateur, vérifiez qu'elle est correcte. La page n'est peut-être plus disponible."
            </p>
            <ul class="fr-btns-group fr-btns-group--inline-md">
                <li><a class="fr-btn" href="/">"Page d'accueil"</a></li>
                <li><a class="fr-btn fr-btn--secondary" href="/offres">"Voir les offres d'accueil"</a></li>
            </ul>
        </div>
    }
}

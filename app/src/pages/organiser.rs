//! `/organisation`: the organisers' home: what waits for them, and the ways into their
//! workspace.

use crate::api::organiser::get_organiser_home;
use crate::components::status::{ErrorAlert, Loading};
use crate::domain::text::plural;
use leptos::prelude::*;
use leptos_meta::Title;

lazy_page!(OrganiserRoute, OrganiserPage);

#[component]
pub fn OrganiserPage() -> impl IntoView {
    // Read first: it is also what tells a visitor or another role that this page is not
    // theirs (the server function checks the caller).
    let home = Resource::new(|| (), |_| get_organiser_home());
    view! {
        <Title text="Espace organisation" />
        <div class="fr-container fr-my-6w">
            <h1>"Espace organisation"</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match home.await {
                        Ok(home) => view! {
                            <h2 class="fr-h4">"À faire"</h2>
                            <ul class="vmj-plain-list fr-mb-3w">
                                <li>
                                    <a class="fr-link" href="/organisation/offres">
                                        {format!("{} à valider", plural(home.offers_to_review as i64, "offre", "offres"))}
                                    </a>
                                </li>
                                <li>
                                    <a class="fr-link" href="/organisation/courriels?etat=en-echec">
                                        {format!("{} en échec", plural(home.failed_emails, "courriel", "courriels"))}
                                    </a>
                                </li>
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
            <h2 class="fr-h4">"Espace de travail"</h2>
            <ul class="vmj-plain-list fr-mb-3w">
                <li><a class="fr-link" href="/organisation/statistiques">"Statistiques en direct et exports"</a></li>
                <li><a class="fr-link" href="/organisation/editions">"Éditions et calendrier"</a></li>
                <li><a class="fr-link" href="/organisation/offres">"Valider les offres"</a></li>
                <li><a class="fr-link" href="/organisation/coaching">"Sessions de coaching"</a></li>
                <li><a class="fr-link" href="/organisation/binomes">"Former et annoncer les binômes"</a></li>
                <li><a class="fr-link" href="/organisation/courriels">"Courriels : envois et modèles"</a></li>
                <li><a class="fr-link" href="/organisation/journal">"Journal d'audit"</a></li>
            </ul>
        </div>
    }
}
